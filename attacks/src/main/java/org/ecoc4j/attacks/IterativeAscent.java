package org.ecoc4j.attacks;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.ecoc4j.api.attack.Budget;
import org.ecoc4j.api.attack.Goal;
import org.ecoc4j.api.backend.GradientOracle;

/**
 * The projected steepest-ascent loop shared by BIM, PGD and MIM: start at the clean image or a
 * random point of the ball, take {@code steps} steps of the budget's step size (when the budget
 * leaves it to the attack, {@code travel * epsilon / steps}, the attack's reference) along the
 * steepest direction of the gradient (or of its momentum), project after every step; optionally
 * restart and keep, per sample, the point with the best objective seen.
 *
 * @param randomStart start each run at a uniformly random point of the ball
 * @param restarts number of runs, at least 1
 * @param decay momentum decay (Dong et al.); 0 for plain gradient steps
 * @param keepBest return the evaluated point with the best objective per sample (costs one more
 *     oracle call per run) instead of the last iterate
 * @param travel the total distance of the reference step setting, in units of epsilon
 */
record IterativeAscent(
    boolean randomStart, int restarts, double decay, boolean keepBest, double travel) {

  /** Refuses settings out of range. */
  IterativeAscent {
    if (restarts < 1) {
      throw new IllegalArgumentException("restarts must be at least 1, got " + restarts);
    }
    if (!(decay >= 0) || !Double.isFinite(decay)) {
      throw new IllegalArgumentException("momentum decay must be finite and >= 0, got " + decay);
    }
    if (!(travel > 0) || !Double.isFinite(travel)) {
      throw new IllegalArgumentException("travel must be finite and positive, got " + travel);
    }
  }

  /** Runs the loop; see {@link org.ecoc4j.api.attack.PreparedAttack#perturb}. */
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
    float[] x = new float[n];
    float[] gradient = new float[n];
    float[] velocity = decay > 0 ? new float[n] : null;
    float[] losses = new float[batch];
    float[] best = new float[batch];
    boolean[] have = new boolean[batch];
    SplittableRandom[] random = SampleRandom.streams(seed, batch);
    float direction = goal.direction();
    double stepSize = budget.stepSizeOr(travel);
    for (int run = 0; run < restarts; run++) {
      for (int b = 0; b < batch; b++) {
        if (randomStart) {
          Ball.randomStart(x, images, b, size, budget, random[b]);
        } else {
          System.arraycopy(images, b * size, x, b * size, size);
        }
      }
      if (velocity != null) {
        Arrays.fill(velocity, 0f);
      }
      for (int t = 0; t < budget.steps(); t++) {
        oracle.lossAndGradient(x, labels, losses, gradient);
        if (keepBest) {
          keep(x, losses, goal, size, best, have, adversarial);
        }
        for (int b = 0; b < batch; b++) {
          float[] ascent = gradient;
          if (velocity != null) {
            accumulate(velocity, gradient, b, size);
            ascent = velocity;
          }
          SteepestStep.apply(x, ascent, b, size, budget.norm(), stepSize, direction);
          Ball.project(x, images, b, size, budget);
        }
      }
      if (keepBest) {
        oracle.lossAndGradient(x, labels, losses, gradient);
        keep(x, losses, goal, size, best, have, adversarial);
      } else {
        System.arraycopy(x, 0, adversarial, 0, n);
      }
    }
  }

  /** Momentum of Dong et al.: {@code v = decay * v + g / ||g||_1}. */
  private void accumulate(float[] velocity, float[] gradient, int b, int size) {
    int from = b * size;
    double l1 = SteepestStep.l1(gradient, from, size);
    float scale = l1 == 0 ? 0f : (float) (1 / l1);
    for (int i = from; i < from + size; i++) {
      velocity[i] = (float) decay * velocity[i] + scale * SteepestStep.finite(gradient[i]);
    }
  }

  /** Whether {@code loss} beats {@code best}: never when NaN, always over a NaN best. */
  static boolean better(Goal goal, float loss, float best) {
    if (Float.isNaN(loss)) {
      return false;
    }
    return Float.isNaN(best) || goal.improves(loss, best);
  }

  private static void keep(
      float[] x, float[] losses, Goal goal, int size, float[] best, boolean[] have,
      float[] adversarial) {
    for (int b = 0; b < best.length; b++) {
      if (!have[b] || better(goal, losses[b], best[b])) {
        have[b] = true;
        best[b] = losses[b];
        System.arraycopy(x, b * size, adversarial, b * size, size);
      }
    }
  }
}
