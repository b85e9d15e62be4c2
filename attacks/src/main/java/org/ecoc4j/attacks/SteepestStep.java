package org.ecoc4j.attacks;

import org.ecoc4j.api.attack.Norm;

/**
 * The steepest-ascent step of a norm: for L-infinity, {@code size * sign(g)}; for L2,
 * {@code size * g / ||g||_2}. Non-finite gradient entries count as zero.
 */
final class SteepestStep {

  private SteepestStep() {}

  /**
   * Adds {@code direction * stepSize} times the steepest direction of image {@code b}'s gradient to
   * the same image of {@code x}.
   */
  static void apply(
      float[] x, float[] gradient, int b, int size, Norm norm, double stepSize, float direction) {
    int from = b * size;
    if (norm == Norm.LINF) {
      float step = (float) stepSize * direction;
      for (int i = from; i < from + size; i++) {
        x[i] += step * sign(gradient[i]);
      }
      return;
    }
    double length = l2(gradient, from, size);
    if (length == 0) {
      return;
    }
    double scale = stepSize * direction / length;
    for (int i = from; i < from + size; i++) {
      x[i] += (float) (scale * finite(gradient[i]));
    }
  }

  /** The L2 norm of the finite entries of one image's gradient. */
  static double l2(float[] gradient, int from, int size) {
    double sum = 0;
    for (int i = from; i < from + size; i++) {
      double g = finite(gradient[i]);
      sum += g * g;
    }
    return Math.sqrt(sum);
  }

  /** The L1 norm of the finite entries of one image's gradient. */
  static double l1(float[] gradient, int from, int size) {
    double sum = 0;
    for (int i = from; i < from + size; i++) {
      sum += Math.abs(finite(gradient[i]));
    }
    return sum;
  }

  /** {@code g}, or 0 when it is not finite. */
  static float finite(float g) {
    return Float.isFinite(g) ? g : 0f;
  }

  private static float sign(float g) {
    return g > 0 ? 1f : g < 0 ? -1f : 0f;
  }
}
