package org.ecoc4j.attacks;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.ecoc4j.api.attack.Budget;
import org.ecoc4j.api.attack.Goal;
import org.ecoc4j.api.attack.Norm;
import org.ecoc4j.api.backend.GradientOracle;

/**
 * Auto-PGD (Croce and Hein 2020, Algorithm 1): projected steps with momentum whose step size,
 * starting at {@code 2 epsilon}, is halved per sample at checkpoints where the objective
 * oscillated (at most {@code rho} of the steps since the last checkpoint improved it) or where
 * the best value did not improve since a checkpoint that did not halve it; after halving, the
 * search resumes from the best point. The checkpoints follow the paper: the first after 22 % of
 * the iterations, the gaps then shrinking by 3 % of them down to 6 %. Each run starts at
 * {@code x + epsilon t / ||t||} for a random {@code t} (uniform per pixel for L-infinity,
 * Gaussian for L2), clipped to the pixel range; each sample keeps the point with the best
 * objective over every run. The budget's step size is not used.
 *
 * @param restarts independent runs, at least 1
 * @param rho fraction of improving steps below which a checkpoint halves the step, in (0, 1)
 * @param momentum weight {@code alpha} of the new step against the previous one, in (0, 1]
 */
record ApgdSearch(int restarts, double rho, double momentum) {

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
    SplittableRandom[] random = SampleRandom.streams(seed, batch);
    Run state = new Run(oracle, budget, goal, images, labels, size);
    float[] overall = new float[batch];
    boolean[] have = new boolean[batch];
    for (int r = 0; r < restarts; r++) {
      state.search(random);
      for (int b = 0; b < batch; b++) {
        if (!have[b] || better(state.best[b], overall[b])) {
          have[b] = true;
          overall[b] = state.best[b];
          System.arraycopy(state.bestPoint, b * size, adversarial, b * size, size);
        }
      }
    }
  }

  /** The buffers of one batch, reused by every run. */
  private final class Run {
    private final GradientOracle oracle;
    private final Budget budget;
    private final Goal goal;
    private final float[] clean;
    private final int[] labels;
    private final int size;
    private final int batch;
    private final float[] x;
    private final float[] previous;
    private final float[] z;
    private final float[] gradient;
    private final float[] bestPoint;
    private final float[] bestGradient;
    private final float[] step;
    private final float[] losses;
    private final float[] best;
    private final float[] bestAtCheck;
    private final boolean[] halvedAtCheck;
    private final float[][] history;

    Run(GradientOracle oracle, Budget budget, Goal goal, float[] clean, int[] labels, int size) {
      this.oracle = oracle;
      this.budget = budget;
      this.goal = goal;
      this.clean = clean;
      this.labels = labels;
      this.size = size;
      this.batch = labels.length;
      int n = clean.length;
      x = new float[n];
      previous = new float[n];
      z = new float[n];
      gradient = new float[n];
      bestPoint = new float[n];
      bestGradient = new float[n];
      step = new float[size];
      losses = new float[batch];
      best = new float[batch];
      bestAtCheck = new float[batch];
      halvedAtCheck = new boolean[batch];
      history = new float[budget.steps() + 1][batch];
    }

    /** One run: leaves each sample's best objective in {@code best} and its point in bestPoint. */
    void search(SplittableRandom[] random) {
      int iterations = budget.steps();
      for (int b = 0; b < batch; b++) {
        start(b, random[b]);
      }
      evaluate();
      for (int b = 0; b < batch; b++) {
        best[b] = history[0][b] = score(b);
        bestAtCheck[b] = best[b];
        halvedAtCheck[b] = false;
      }
      System.arraycopy(x, 0, bestPoint, 0, x.length);
      System.arraycopy(gradient, 0, bestGradient, 0, x.length);
      System.arraycopy(x, 0, previous, 0, x.length);
      float[] eta = new float[batch];
      Arrays.fill(eta, (float) (2 * budget.epsilon()));
      int window = Math.max((int) (0.22 * iterations), 1);
      int shrink = Math.max((int) (0.03 * iterations), 1);
      int smallest = Math.max((int) (0.06 * iterations), 1);
      int sinceCheck = 0;
      for (int i = 0; i < iterations; i++) {
        float alpha = i == 0 ? 1f : (float) momentum;
        for (int b = 0; b < batch; b++) {
          move(b, eta[b], alpha);
        }
        evaluate();
        for (int b = 0; b < batch; b++) {
          float s = score(b);
          history[i + 1][b] = s;
          if (better(s, best[b])) {
            best[b] = s;
            System.arraycopy(x, b * size, bestPoint, b * size, size);
            System.arraycopy(gradient, b * size, bestGradient, b * size, size);
          }
        }
        if (++sinceCheck == window) {
          for (int b = 0; b < batch; b++) {
            checkpoint(b, i + 1, window, eta);
          }
          window = Math.max(window - shrink, smallest);
          sinceCheck = 0;
        }
      }
    }

    private void start(int b, SplittableRandom random) {
      int from = b * size;
      double norm = 0;
      for (int i = 0; i < size; i++) {
        double t = budget.norm() == Norm.LINF ? 2 * random.nextDouble() - 1 : Ball.gaussian(random);
        step[i] = (float) t;
        norm = budget.norm() == Norm.LINF ? Math.max(norm, Math.abs(t)) : norm + t * t;
      }
      norm = budget.norm() == Norm.LINF ? norm : Math.sqrt(norm);
      double scale = norm == 0 ? 0 : budget.epsilon() / norm;
      for (int i = 0; i < size; i++) {
        x[from + i] = (float) (clean[from + i] + scale * step[i]);
      }
      Ball.project(x, clean, b, size, budget);
    }

    /**
     * {@code z = P(x + eta d)} with {@code d} the steepest direction, then
     * {@code x <- P(x + alpha (z - x) + (1 - alpha)(x - x_previous))}.
     */
    private void move(int b, float eta, float alpha) {
      int from = b * size;
      System.arraycopy(x, from, z, from, size);
      SteepestStep.apply(z, gradient, b, size, budget.norm(), eta, goal.direction());
      Ball.project(z, clean, b, size, budget);
      for (int i = from; i < from + size; i++) {
        float now = x[i];
        x[i] = now + alpha * (z[i] - now) + (1 - alpha) * (now - previous[i]);
        previous[i] = now;
      }
      Ball.project(x, clean, b, size, budget);
    }

    /**
     * At a checkpoint after iteration {@code t}: halves the step and returns to the best point
     * when at most {@code rho} of the last {@code window} steps improved the objective, or when
     * the best value has not improved since the previous checkpoint and that one did not halve.
     */
    private void checkpoint(int b, int t, int window, float[] eta) {
      int increases = 0;
      for (int c = 0; c < window; c++) {
        increases += history[t - c][b] > history[t - c - 1][b] ? 1 : 0;
      }
      boolean oscillating = increases <= window * rho;
      boolean stalled = !halvedAtCheck[b] && !better(best[b], bestAtCheck[b]);
      boolean halve = oscillating || stalled;
      halvedAtCheck[b] = halve;
      bestAtCheck[b] = best[b];
      if (halve) {
        eta[b] /= 2;
        System.arraycopy(bestPoint, b * size, x, b * size, size);
        System.arraycopy(bestGradient, b * size, gradient, b * size, size);
      }
    }

    private void evaluate() {
      oracle.lossAndGradient(x, labels, losses, gradient);
    }

    /** The objective in the goal's direction: larger is better. */
    private float score(int b) {
      return goal.direction() * losses[b];
    }
  }

  /** Whether {@code candidate} beats {@code incumbent}; NaN never beats, anything beats NaN. */
  static boolean better(float candidate, float incumbent) {
    return !Float.isNaN(candidate) && (Float.isNaN(incumbent) || candidate > incumbent);
  }
}
