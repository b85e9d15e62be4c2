package org.ecoc4j.evaluation;

import java.util.Arrays;

/**
 * The L2 distances from their clean images of one attack's successful adversarial examples at one
 * radius (samples right when clean that the attack turned into its goal), for the
 * minimal-perturbation report: their median is what a minimum-norm attack such as {@code cw-l2}
 * or {@code fab} is judged by, beside the fixed-budget attacks' accuracies.
 */
final class SuccessDistances {

  private double[] distances = new double[16];
  private int count;

  /** Records one successful example's distance. */
  void add(double distance) {
    if (count == distances.length) {
      distances = Arrays.copyOf(distances, 2 * count);
    }
    distances[count++] = distance;
  }

  /** The median of the recorded distances (mean of the middle two for an even count), or NaN. */
  double median() {
    if (count == 0) {
      return Double.NaN;
    }
    double[] sorted = Arrays.copyOf(distances, count);
    Arrays.sort(sorted);
    int middle = count / 2;
    return count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  /** The L2 distance between sample {@code k} of {@code a} and of {@code b}. */
  static double l2(float[] a, float[] b, int k, int size) {
    double sum = 0;
    for (int i = k * size; i < (k + 1) * size; i++) {
      double d = (double) a[i] - b[i];
      sum += d * d;
    }
    return Math.sqrt(sum);
  }
}
