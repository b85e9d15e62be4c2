package org.ecoc4j.api.attack;

import org.ecoc4j.api.backend.GradientOracle;

/**
 * An attack bound to its options, ready for batches.
 *
 * <p>Contract of every implementation, checked by tests for each built-in attack:
 *
 * <ul>
 *   <li>every adversarial image lies in the budget's ball around its clean image (up to float
 *       rounding) and in the budget's pixel range;
 *   <li>the same inputs, seed and a deterministic oracle give the same output;
 *   <li>samples of a batch do not interact: a sample's result depends only on its own image,
 *       label and the seed's random stream for its position.
 * </ul>
 *
 * <p>Non-finite gradient entries are treated as zero (the image does not move along them); the
 * evaluator reports them as a sign of gradient masking. Not thread-safe.
 */
public interface PreparedAttack {

  /**
   * Attacks a batch.
   *
   * @param oracle the objective's per-sample losses and input gradients; a batch must not exceed
   *     its {@link GradientOracle#maxBatch()}
   * @param budget ball, steps and pixel range
   * @param goal untargeted (labels are the true classes) or targeted (labels are the targets)
   * @param images {@code labels.length} clean images, each inside the budget's pixel range
   * @param labels one label per image
   * @param seed seed of every random choice the attack makes
   * @param adversarial receives the adversarial images, same layout as {@code images}
   * @throws IllegalArgumentException for lengths that do not match the oracle's image shape, an
   *     empty or too large batch, non-finite pixels or pixels outside the range, or a budget the
   *     attack does not support (naming it)
   */
  void perturb(
      GradientOracle oracle,
      Budget budget,
      Goal goal,
      float[] images,
      int[] labels,
      long seed,
      float[] adversarial);
}
