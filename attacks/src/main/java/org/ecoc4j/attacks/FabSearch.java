package org.ecoc4j.attacks;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.ecoc4j.api.attack.Budget;
import org.ecoc4j.api.attack.Goal;
import org.ecoc4j.api.attack.Norm;
import org.ecoc4j.api.backend.GradientOracle;

/**
 * The fast adaptive boundary iteration of Croce and Hein (2020, Algorithm 1), on the zero level
 * set of the objective: a point is adversarial when {@code direction * loss > 0} (for {@code
 * margin} at the true label, another class leads; at a target label with a targeted goal, the
 * target leads). Each iteration linearizes the objective at the current point {@code x}, projects
 * both {@code x} and the clean image {@code x0} onto that hyperplane inside the pixel box ({@link
 * BoundaryProjection}: {@code d} and {@code d0}), and moves to the box-clipped
 * {@code (1 - alpha)(x + eta d) + alpha (x0 + eta d0)} with {@code alpha = min(|d| / (|d| + |d0|),
 * alphaMax)}; an adversarial point is recorded when it is the closest to {@code x0} so far, then
 * pulled back to {@code (1 - beta) x0 + beta x}. Restarts after the first start at a uniformly
 * random point of the ball of radius half the smaller of epsilon and the best distance found. Each
 * sample keeps its closest adversarial point; it is returned when it lies in the epsilon ball, the
 * clean image otherwise.
 *
 * @param restarts runs, the first from the clean image
 * @param alphaMax largest weight of the clean image's projection (paper: 0.1)
 * @param eta overshoot of the projections (paper: 1.05)
 * @param beta pull back towards the clean image after a success (paper: 0.9)
 */
record FabSearch(int restarts, double alphaMax, double eta, double beta) {

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
    float[] x = new float[n];
    float[] gradient = new float[n];
    float[] losses = new float[batch];
    float[] toCurrent = new float[n];
    float[] toClean = new float[n];
    double[] bestDistance = new double[batch];
    Arrays.fill(bestDistance, Double.POSITIVE_INFINITY);
    float[] best = images.clone();
    SplittableRandom[] random = SampleRandom.streams(seed, batch);
    Norm norm = budget.norm();
    for (int run = 0; run < restarts; run++) {
      for (int b = 0; b < batch; b++) {
        if (run == 0) {
          System.arraycopy(images, b * size, x, b * size, size);
        } else {
          double radius = Math.min(budget.epsilon(), bestDistance[b]) / 2;
          Budget ball = new Budget(norm, radius, 1, radius, budget.lower(), budget.upper());
          Ball.randomStart(x, images, b, size, ball, random[b]);
        }
      }
      oracle.losses(x, labels, losses);
      record(x, images, losses, direction, norm, size, bestDistance, best);
      for (int t = 0; t < budget.steps(); t++) {
        oracle.lossAndGradient(x, labels, losses, gradient);
        for (int b = 0; b < batch; b++) {
          step(x, images, gradient, b, size, direction * losses[b], direction, budget, toCurrent,
              toClean);
        }
        oracle.losses(x, labels, losses);
        for (int b = 0; b < batch; b++) {
          if (adversarial(losses[b], direction)) {
            keepIfCloser(x, images, b, size, norm, bestDistance, best);
            for (int i = b * size; i < (b + 1) * size; i++) {
              x[i] = (float) ((1 - beta) * images[i] + beta * x[i]);
            }
          }
        }
      }
    }
    for (int b = 0; b < batch; b++) {
      boolean inside = bestDistance[b] <= budget.epsilon() * (1 + 1e-6);
      float[] from = inside ? best : images;
      System.arraycopy(from, b * size, adversarial, b * size, size);
      if (inside) {
        Ball.project(adversarial, images, b, size, budget);
      }
    }
  }

  /**
   * One FAB step of image {@code b}: {@code value} is {@code direction * loss} at {@code x}, the
   * boundary is where it is zero, its gradient {@code direction * gradient}.
   */
  private void step(float[] x, float[] clean, float[] gradient, int b, int size, double value,
      float direction, Budget budget, float[] toCurrent, float[] toClean) {
    int from = b * size;
    double offsetClean = value;
    for (int i = from; i < from + size; i++) {
      gradient[i] = direction * SteepestStep.finite(gradient[i]);
      offsetClean += (double) gradient[i] * (clean[i] - x[i]);
    }
    Norm norm = budget.norm();
    BoundaryProjection.project(norm, x, gradient, b, size, -value, budget.lower(),
        budget.upper(), toCurrent);
    BoundaryProjection.project(norm, clean, gradient, b, size, -offsetClean, budget.lower(),
        budget.upper(), toClean);
    double current = length(toCurrent, from, size, norm);
    double original = length(toClean, from, size, norm);
    double alpha = current + original == 0 ? 0 : Math.min(current / (current + original), alphaMax);
    for (int i = from; i < from + size; i++) {
      double moved = (1 - alpha) * (x[i] + eta * toCurrent[i])
          + alpha * (clean[i] + eta * toClean[i]);
      x[i] = (float) Math.min(budget.upper(), Math.max(budget.lower(), moved));
    }
  }

  private static boolean adversarial(float loss, float direction) {
    return direction * loss > 0;
  }

  private static void record(float[] x, float[] clean, float[] losses, float direction, Norm norm,
      int size, double[] bestDistance, float[] best) {
    for (int b = 0; b < losses.length; b++) {
      if (adversarial(losses[b], direction)) {
        keepIfCloser(x, clean, b, size, norm, bestDistance, best);
      }
    }
  }

  private static void keepIfCloser(float[] x, float[] clean, int b, int size, Norm norm,
      double[] bestDistance, float[] best) {
    double distance = distance(x, clean, b * size, size, norm);
    if (distance < bestDistance[b]) {
      bestDistance[b] = distance;
      System.arraycopy(x, b * size, best, b * size, size);
    }
  }

  private static double distance(float[] x, float[] clean, int from, int size, Norm norm) {
    double sum = 0;
    for (int i = from; i < from + size; i++) {
      double d = Math.abs(x[i] - clean[i]);
      sum = norm == Norm.LINF ? Math.max(sum, d) : sum + d * d;
    }
    return norm == Norm.LINF ? sum : Math.sqrt(sum);
  }

  private static double length(float[] d, int from, int size, Norm norm) {
    double sum = 0;
    for (int i = from; i < from + size; i++) {
      double v = Math.abs(d[i]);
      sum = norm == Norm.LINF ? Math.max(sum, v) : sum + v * v;
    }
    return norm == Norm.LINF ? sum : Math.sqrt(sum);
  }
}
