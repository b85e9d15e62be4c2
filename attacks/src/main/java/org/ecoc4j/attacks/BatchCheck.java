package org.ecoc4j.attacks;

import org.ecoc4j.api.attack.Budget;
import org.ecoc4j.api.backend.GradientOracle;

/** Validates the arguments of {@link org.ecoc4j.api.attack.PreparedAttack#perturb}. */
final class BatchCheck {

  private BatchCheck() {}

  /**
   * Checks sizes, pixel values and the batch limit.
   *
   * @return the number of floats per image
   * @throws IllegalArgumentException naming the problem
   */
  static int check(
      GradientOracle oracle, Budget budget, float[] images, int[] labels, float[] adversarial) {
    int size = oracle.inputShape().size();
    int batch = labels.length;
    if (batch < 1 || batch > oracle.maxBatch()) {
      throw new IllegalArgumentException(
          "batch of " + batch + " samples outside [1, " + oracle.maxBatch() + "]");
    }
    if (images.length != batch * size) {
      throw new IllegalArgumentException(
          "images hold " + images.length + " floats, " + batch + " images of "
              + oracle.inputShape() + " need " + batch * size);
    }
    if (adversarial.length < images.length) {
      throw new IllegalArgumentException(
          "adversarial output holds " + adversarial.length + " floats, needs " + images.length);
    }
    for (int i = 0; i < images.length; i++) {
      float v = images[i];
      if (!(v >= budget.lower() && v <= budget.upper())) {
        throw new IllegalArgumentException(
            "image " + i / size + " has pixel " + v + " at " + i % size + ", outside ["
                + budget.lower() + ", " + budget.upper() + "]");
      }
    }
    return size;
  }
}
