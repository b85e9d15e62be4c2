package org.ecoc4j.attacks;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.ecoc4j.api.attack.Budget;
import org.ecoc4j.api.attack.Goal;
import org.ecoc4j.api.backend.GradientOracle;

/**
 * The random search of the Square Attack (Andriushchenko et al. 2020, Algorithm 1): start at the
 * norm's initial point; at each iteration, sample an update of square windows whose side follows
 * the schedule of {@code p} ({@link SquareSampler}: {@link LinfSquares} or {@link L2Squares}) and
 * keep it for the samples whose objective it improves. Queries the oracle's losses only
 * ({@link GradientOracle#losses}), one batched call per iteration, over the samples not yet done:
 * as in the paper's code, a sample stops once its loss has passed {@code stopAt} in the goal's
 * direction (for {@code margin} and {@code dlr}, 0: another class leads, or the target does), so
 * broken samples cost no more queries.
 *
 * @param queries loss queries per sample, the initial one included
 * @param pInit initial fraction of the image a window covers
 * @param stopAt the loss at which a sample is done, or NaN to spend every query on every sample
 */
record SquareSearch(int queries, double pInit, double stopAt) {

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
    SquareSampler sampler = SquareSampler.of(budget, oracle.inputShape());
    SplittableRandom[] random = SampleRandom.streams(seed, batch);
    for (int b = 0; b < batch; b++) {
      sampler.start(adversarial, images, b, random[b]);
    }
    float[] best = new float[batch];
    oracle.losses(adversarial, labels, best);
    float[] losses = new float[batch];
    float[] candidate = new float[images.length];
    int[] active = new int[batch];
    float[] packed = new float[images.length];
    int[] packedLabels = new int[batch];
    for (int iteration = 0; iteration < queries - 1; iteration++) {
      int count = 0;
      for (int b = 0; b < batch; b++) {
        if (!done(best[b], goal)) {
          active[count++] = b;
        }
      }
      if (count == 0) {
        return;
      }
      int side = sampler.side(fraction(iteration));
      System.arraycopy(adversarial, 0, candidate, 0, images.length);
      for (int k = 0; k < count; k++) {
        sampler.propose(candidate, adversarial, images, active[k], side, random[active[k]]);
      }
      if (count == batch) {
        oracle.losses(candidate, labels, losses);
      } else {
        for (int k = 0; k < count; k++) {
          System.arraycopy(candidate, active[k] * size, packed, k * size, size);
          packedLabels[k] = labels[active[k]];
        }
        oracle.losses(Arrays.copyOf(packed, count * size), Arrays.copyOf(packedLabels, count),
            losses);
        for (int k = count - 1; k >= 0; k--) {
          losses[active[k]] = losses[k];
        }
      }
      for (int k = 0; k < count; k++) {
        int b = active[k];
        if (goal.improves(losses[b], best[b]) || Float.isNaN(best[b])) {
          best[b] = losses[b];
          System.arraycopy(candidate, b * size, adversarial, b * size, size);
        }
      }
    }
  }

  /** Whether a sample whose best loss is {@code loss} has passed {@link #stopAt}. */
  private boolean done(float loss, Goal goal) {
    return !Double.isNaN(stopAt) && goal.direction() * (loss - stopAt) > 0;
  }

  /**
   * The paper's schedule of {@code p}, shared by both norms: halved at fixed fractions of the
   * query budget (the iteration is rescaled to a budget of 10,000 queries).
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
}
