package org.ecoc4j.attacks;

import java.util.Arrays;
import org.ecoc4j.api.attack.Budget;
import org.ecoc4j.api.attack.Goal;
import org.ecoc4j.api.attack.Norm;
import org.ecoc4j.api.backend.GradientOracle;

/**
 * The Carlini-Wagner L2 iteration: per sample, a binary search over the constant {@code c}, each
 * step running Adam from the clean image on {@code ||x - x0||^2 + c max(kappa - g(x), 0)} in the
 * tanh variables {@code w}, with {@code g = direction * loss} (adversarial when {@code g > 0} and
 * {@code g >= kappa}). A step that found an adversarial point lowers the upper bound to {@code c};
 * one that did not raises the lower bound, and {@code c} is multiplied by 10 while no upper bound
 * exists. Samples never interact: every quantity is per sample or per coordinate.
 *
 * @param confidence kappa
 * @param initialC the first constant
 * @param binarySteps search steps over c
 * @param rate Adam's learning rate
 */
record CwL2Search(double confidence, double initialC, int binarySteps, double rate) {

  private static final double BETA1 = 0.9;
  private static final double BETA2 = 0.999;
  private static final double ADAM_EPSILON = 1e-8;
  /** Keeps {@code atanh} of a pixel at the range's ends finite. */
  private static final double SHRINK = 1 - 1e-6;
  /** Above this an upper bound on c counts as absent. */
  private static final double NO_UPPER = 1e10;

  /** Runs the search; see {@link org.ecoc4j.api.attack.PreparedAttack#perturb}. */
  void run(
      GradientOracle oracle,
      Budget budget,
      Goal goal,
      float[] images,
      int[] labels,
      long seed,
      float[] adversarial) {
    int size = BatchCheck.check(oracle, budget, images, labels, adversarial);
    int batch = labels.length;
    int n = batch * size;
    float direction = goal.direction();
    double lower = budget.lower();
    double half = (budget.upper() - lower) / 2;
    double[] w0 = new double[n];
    for (int i = 0; i < n; i++) {
      w0[i] = atanh(((images[i] - lower) / half - 1) * SHRINK);
    }
    double[] c = new double[batch];
    double[] low = new double[batch];
    double[] high = new double[batch];
    Arrays.fill(c, initialC);
    Arrays.fill(high, Double.POSITIVE_INFINITY);
    double[] bestDistance = new double[batch];
    Arrays.fill(bestDistance, Double.POSITIVE_INFINITY);
    float[] best = images.clone();
    double[] w = new double[n];
    double[] m = new double[n];
    double[] v = new double[n];
    float[] x = new float[n];
    float[] gradient = new float[n];
    float[] losses = new float[batch];
    boolean[] found = new boolean[batch];
    for (int search = 0; search < binarySteps; search++) {
      System.arraycopy(w0, 0, w, 0, n);
      Arrays.fill(m, 0);
      Arrays.fill(v, 0);
      Arrays.fill(found, false);
      toImage(w, lower, half, x);
      for (int t = 1; t <= budget.steps(); t++) {
        oracle.lossAndGradient(x, labels, losses, gradient);
        record(x, images, losses, direction, size, bestDistance, best, found);
        double correction1 = 1 - Math.pow(BETA1, t);
        double correction2 = 1 - Math.pow(BETA2, t);
        for (int b = 0; b < batch; b++) {
          double g = direction * losses[b];
          boolean hinge = Double.isFinite(g) && g < confidence;
          for (int i = b * size; i < (b + 1) * size; i++) {
            double tanh = Math.tanh(w[i]);
            double dxdw = half * (1 - tanh * tanh);
            double dg = hinge && Float.isFinite(gradient[i]) ? direction * gradient[i] : 0;
            double grad = (2 * (x[i] - images[i]) - c[b] * dg) * dxdw;
            m[i] = BETA1 * m[i] + (1 - BETA1) * grad;
            v[i] = BETA2 * v[i] + (1 - BETA2) * grad * grad;
            w[i] -= rate * (m[i] / correction1) / (Math.sqrt(v[i] / correction2) + ADAM_EPSILON);
          }
        }
        toImage(w, lower, half, x);
      }
      oracle.losses(x, labels, losses);
      record(x, images, losses, direction, size, bestDistance, best, found);
      for (int b = 0; b < batch; b++) {
        if (found[b]) {
          high[b] = Math.min(high[b], c[b]);
        } else {
          low[b] = Math.max(low[b], c[b]);
        }
        c[b] = high[b] < NO_UPPER ? (low[b] + high[b]) / 2 : c[b] * 10;
      }
    }
    for (int b = 0; b < batch; b++) {
      boolean inside = bestDistance[b] < Double.POSITIVE_INFINITY
          && distance(budget.norm(), best, images, b, size) <= budget.epsilon() * (1 + 1e-6);
      float[] source = inside ? best : images;
      System.arraycopy(source, b * size, adversarial, b * size, size);
    }
  }

  /** Keeps, per sample, the adversarial point closest to the clean image in L2. */
  private void record(
      float[] x,
      float[] images,
      float[] losses,
      float direction,
      int size,
      double[] bestDistance,
      float[] best,
      boolean[] found) {
    for (int b = 0; b < losses.length; b++) {
      double g = direction * losses[b];
      if (!(g > 0 && g >= confidence)) {
        continue;
      }
      found[b] = true;
      double distance = distance(Norm.L2, x, images, b, size);
      if (distance < bestDistance[b]) {
        bestDistance[b] = distance;
        System.arraycopy(x, b * size, best, b * size, size);
      }
    }
  }

  private static void toImage(double[] w, double lower, double half, float[] x) {
    double upper = lower + 2 * half;
    for (int i = 0; i < w.length; i++) {
      x[i] = (float) Math.min(upper, Math.max(lower, lower + half * (Math.tanh(w[i]) + 1)));
    }
  }

  /** The distance of sample {@code b} of {@code x} from its clean image, in {@code norm}. */
  private static double distance(Norm norm, float[] x, float[] images, int b, int size) {
    double sum = 0;
    double max = 0;
    for (int i = b * size; i < (b + 1) * size; i++) {
      double d = Math.abs((double) x[i] - images[i]);
      sum += d * d;
      max = Math.max(max, d);
    }
    return norm == Norm.LINF ? max : Math.sqrt(sum);
  }

  private static double atanh(double y) {
    return 0.5 * Math.log((1 + y) / (1 - y));
  }
}
