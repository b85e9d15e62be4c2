package org.ecoc4j.attacks;

import java.util.SplittableRandom;
import org.ecoc4j.api.attack.Budget;
import org.ecoc4j.api.attack.Norm;
import org.ecoc4j.api.data.ImageShape;

/**
 * The norm-specific part of the Square Attack (Andriushchenko et al. 2020): the initial point and
 * the sampling distribution of the random search's updates (Algorithm 1, line "sample delta from
 * P"). Every point it writes lies in the budget's ball and pixel range. Each call draws from the
 * sample's own random stream only.
 */
interface SquareSampler {

  /** The sampler of the budget's norm. */
  static SquareSampler of(Budget budget, ImageShape shape) {
    return budget.norm() == Norm.LINF
        ? new LinfSquares(budget, shape)
        : new L2Squares(budget, shape);
  }

  /** Writes the initial point of image {@code b} of {@code adversarial}. */
  void start(float[] adversarial, float[] clean, int b, SplittableRandom random);

  /**
   * Side in pixels of the square windows an update changes, from {@code p}, the fraction of the
   * image's pixels a window covers.
   */
  int side(double p);

  /**
   * Writes into image {@code b} of {@code candidate} (which holds a copy of {@code current}) the
   * current point plus one update with windows of side {@code side}.
   */
  void propose(
      float[] candidate, float[] current, float[] clean, int b, int side, SplittableRandom random);
}
