package org.ecoc4j.attacks;

import java.util.SplittableRandom;
import org.ecoc4j.api.attack.Budget;
import org.ecoc4j.api.attack.Goal;
import org.ecoc4j.api.attack.Norm;
import org.ecoc4j.api.backend.GradientOracle;

/**
 * The random search of the L-infinity Square Attack (Andriushchenko et al. 2020, Algorithm 1 with
 * the L-infinity sampling distribution): start at vertical stripes of {@code +-epsilon}; at each
 * iteration, redraw a random square window (side from the schedule of {@code p}) to
 * {@code +-epsilon} per channel and keep it where the objective improves. Uses the oracle's losses
 * only; the gradient it returns is discarded.
 *
 * @param queries loss queries per sample, the initial one included
 * @param pInit initial fraction of the image a window covers
 */
record SquareSearch(int queries, double pInit) {

  private static final int REDRAWS = 10;

  /** Runs the search; see {@link org.ecoc4j.api.attack.PreparedAttack#perturb}. */
  void run(
      GradientOracle oracle,
      Budget budget,
      Goal goal,
      float[] images,
      int[] labels,
      long seed,
      float[] adversarial) {
    if (budget.norm() != Norm.LINF) {
      throw new IllegalArgumentException(
          "square supports the linf norm only, got " + budget.norm().label());
    }
    int size = BatchCheck.check(oracle, budget, images, labels, adversarial);
    int batch = labels.length;
    int channels = oracle.inputShape().channels();
    int height = oracle.inputShape().height();
    int width = oracle.inputShape().width();
    float eps = (float) budget.epsilon();
    SplittableRandom[] random = SampleRandom.streams(seed, batch);
    float[] scratch = new float[images.length];
    float[] losses = new float[batch];
    float[] best = new float[batch];
    for (int b = 0; b < batch; b++) {
      for (int c = 0; c < channels; c++) {
        for (int col = 0; col < width; col++) {
          float sign = random[b].nextBoolean() ? eps : -eps;
          for (int row = 0; row < height; row++) {
            int i = b * size + (c * height + row) * width + col;
            adversarial[i] = images[i] + sign;
          }
        }
      }
      Ball.project(adversarial, images, b, size, budget);
    }
    oracle.lossAndGradient(adversarial, labels, best, scratch);
    float[] candidate = new float[images.length];
    for (int iteration = 0; iteration < queries - 1; iteration++) {
      int side = windowSide(iteration, height, width);
      System.arraycopy(adversarial, 0, candidate, 0, images.length);
      for (int b = 0; b < batch; b++) {
        drawWindow(candidate, adversarial, images, b, size, channels, height, width, side, eps,
            budget, random[b]);
      }
      oracle.lossAndGradient(candidate, labels, losses, scratch);
      for (int b = 0; b < batch; b++) {
        if (goal.improves(losses[b], best[b]) || Float.isNaN(best[b])) {
          best[b] = losses[b];
          System.arraycopy(candidate, b * size, adversarial, b * size, size);
        }
      }
    }
  }

  /** Side of the square at an iteration, from the schedule of {@code p}. */
  int windowSide(int iteration, int height, int width) {
    double p = fraction(iteration);
    int side = (int) Math.round(Math.sqrt(p * height * width));
    return Math.max(1, Math.min(side, Math.min(height, width) - 1));
  }

  /**
   * The paper's schedule of {@code p}, halved at fixed fractions of the query budget (the
   * iteration is rescaled to a budget of 10,000 queries).
   */
  double fraction(int iteration) {
    int it = (int) ((long) iteration * 10_000 / queries);
    int[] bounds = {10, 50, 200, 500, 1000, 2000, 4000, 6000, 8000};
    double p = pInit;
    for (int bound : bounds) {
      if (it > bound) {
        p /= 2;
      }
    }
    return p;
  }

  private static void drawWindow(
      float[] candidate,
      float[] current,
      float[] clean,
      int b,
      int size,
      int channels,
      int height,
      int width,
      int side,
      float eps,
      Budget budget,
      SplittableRandom random) {
    for (int attempt = 0; attempt < REDRAWS; attempt++) {
      int top = random.nextInt(height - side + 1);
      int left = random.nextInt(width - side + 1);
      boolean changed = false;
      for (int c = 0; c < channels; c++) {
        float sign = random.nextBoolean() ? eps : -eps;
        for (int row = top; row < top + side; row++) {
          for (int col = left; col < left + side; col++) {
            int i = b * size + (c * height + row) * width + col;
            float value =
                Math.min(budget.upper(), Math.max(budget.lower(), clean[i] + sign));
            changed |= value != current[i];
            candidate[i] = value;
          }
        }
      }
      if (changed) {
        return;
      }
    }
  }
}
