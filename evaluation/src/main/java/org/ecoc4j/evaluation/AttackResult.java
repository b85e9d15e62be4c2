package org.ecoc4j.evaluation;

/**
 * The outcome of one attack at one radius.
 *
 * @param attack the attack's name
 * @param whiteBox whether the attack read gradients
 * @param epsilon the radius
 * @param metrics the decoder's decisions on the adversarial examples
 * @param cumulative whether the attack ran only on the samples earlier attacks left unbroken (see
 *     {@link AttackRun#onlyUnbroken}), so that its metrics are the robust accuracy after it, not
 *     its own
 * @param medianL2 the median L2 distance from their clean images of the successful adversarial
 *     examples (samples right when clean turned into the goal), the minimal-perturbation report of
 *     minimum-norm attacks such as {@code cw-l2}; NaN when none succeeded
 */
public record AttackResult(
    String attack,
    boolean whiteBox,
    double epsilon,
    Metrics metrics,
    boolean cumulative,
    double medianL2) {

  /** The result of an attack that ran on every sample, with no distance recorded. */
  public AttackResult(String attack, boolean whiteBox, double epsilon, Metrics metrics) {
    this(attack, whiteBox, epsilon, metrics, false, Double.NaN);
  }

  /** A result with no distance recorded. */
  public AttackResult(
      String attack, boolean whiteBox, double epsilon, Metrics metrics, boolean cumulative) {
    this(attack, whiteBox, epsilon, metrics, cumulative, Double.NaN);
  }
}
