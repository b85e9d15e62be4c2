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
 */
public record AttackResult(
    String attack, boolean whiteBox, double epsilon, Metrics metrics, boolean cumulative) {

  /** The result of an attack that ran on every sample. */
  public AttackResult(String attack, boolean whiteBox, double epsilon, Metrics metrics) {
    this(attack, whiteBox, epsilon, metrics, false);
  }
}
