package org.ecoc4j.attacks;

import java.util.SplittableRandom;
import org.ecoc4j.api.attack.Budget;
import org.ecoc4j.api.data.ImageShape;

/**
 * The L-infinity Square Attack's sampling (Andriushchenko et al. 2020, Section 3.1): vertical
 * stripes of {@code +-epsilon} (one sign per column and channel) as the initial point; an update
 * redraws one random square window to {@code +-epsilon}, one sign per channel, redrawing the
 * window (at most ten times) where it would change nothing.
 */
final class LinfSquares implements SquareSampler {

  private static final int REDRAWS = 10;

  private final Budget budget;
  private final int channels;
  private final int height;
  private final int width;
  private final int size;
  private final float eps;

  LinfSquares(Budget budget, ImageShape shape) {
    this.budget = budget;
    this.channels = shape.channels();
    this.height = shape.height();
    this.width = shape.width();
    this.size = shape.size();
    this.eps = (float) budget.epsilon();
  }

  @Override
  public void start(float[] adversarial, float[] clean, int b, SplittableRandom random) {
    for (int c = 0; c < channels; c++) {
      for (int col = 0; col < width; col++) {
        float sign = random.nextBoolean() ? eps : -eps;
        for (int row = 0; row < height; row++) {
          int i = b * size + (c * height + row) * width + col;
          adversarial[i] = clean[i] + sign;
        }
      }
    }
    Ball.project(adversarial, clean, b, size, budget);
  }

  /** {@code round(sqrt(p h w))}, at least 1 and below the shorter side. */
  @Override
  public int side(double p) {
    int side = (int) Math.round(Math.sqrt(p * height * width));
    return Math.max(1, Math.min(side, Math.min(height, width) - 1));
  }

  @Override
  public void propose(
      float[] candidate, float[] current, float[] clean, int b, int side, SplittableRandom random) {
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
