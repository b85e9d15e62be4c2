package org.ecoc4j.attacks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.ecoc4j.api.attack.Budget;
import org.ecoc4j.api.attack.Goal;
import org.ecoc4j.api.attack.Norm;
import org.ecoc4j.api.backend.GradientOracle;
import org.ecoc4j.api.data.ImageShape;
import org.junit.jupiter.api.Test;

/**
 * A NaN loss never beats a finite one: PGD whose first evaluation (at its random start) is NaN
 * still returns the best finite point it reached, here the corner of a linear objective, and a
 * NaN later on never replaces a finite best.
 */
class NanStartTest {

  private static final ImageShape SHAPE = new ImageShape(1, 2, 2);

  @Test
  void aNanFirstLossIsReplacedByTheFirstFiniteOne() {
    float[] images = {0.5f, 0.5f, 0.5f, 0.5f};
    float[] adversarial = new float[4];
    LinearOracle linear = new LinearOracle(SHAPE, new float[][] {{1, -1, 2, -2}}, 1);
    new PgdAttack().prepare(Map.of()).perturb(new NanOnCalls(linear, 0), Budget.of(Norm.LINF,
        0.1, 4), Goal.UNTARGETED, images, new int[] {0}, 3, adversarial);
    assertCorner(adversarial);
  }

  @Test
  void aLaterNanNeverReplacesTheBest() {
    assertEquals(false, IterativeAscent.better(Goal.UNTARGETED, Float.NaN, 1f));
    assertEquals(false, IterativeAscent.better(Goal.TARGETED, Float.NaN, 1f));
    assertEquals(true, IterativeAscent.better(Goal.UNTARGETED, -5f, Float.NaN));
    assertEquals(true, IterativeAscent.better(Goal.TARGETED, 5f, Float.NaN));
    float[] images = {0.5f, 0.5f, 0.5f, 0.5f};
    float[] adversarial = new float[4];
    LinearOracle linear = new LinearOracle(SHAPE, new float[][] {{1, -1, 2, -2}}, 1);
    // Steps of 2.5 * 0.1 / 8: seven of them reach the corner from any start, so the evaluation
    // before the last is at the corner; the last one (call 8), also there, is NaN.
    new PgdAttack().prepare(Map.of()).perturb(new NanOnCalls(linear, 8), Budget.of(Norm.LINF,
        0.1, 8), Goal.UNTARGETED, images, new int[] {0}, 3, adversarial);
    assertCorner(adversarial);
  }

  private static void assertCorner(float[] adversarial) {
    float[] corner = {0.6f, 0.4f, 0.6f, 0.4f};
    for (int i = 0; i < 4; i++) {
      assertEquals(corner[i], adversarial[i], 1e-6, "pixel " + i);
    }
  }

  /** Gives NaN losses at one call (counted from 0), the linear objective otherwise. */
  private static final class NanOnCalls implements GradientOracle {
    private final LinearOracle inner;
    private final int nanCall;
    private int calls;

    NanOnCalls(LinearOracle inner, int nanCall) {
      this.inner = inner;
      this.nanCall = nanCall;
    }

    @Override
    public ImageShape inputShape() {
      return SHAPE;
    }

    @Override
    public int maxBatch() {
      return 1;
    }

    @Override
    public void lossAndGradient(float[] images, int[] labels, float[] losses, float[] gradient) {
      inner.lossAndGradient(images, labels, losses, gradient);
      if (calls++ == nanCall) {
        losses[0] = Float.NaN;
      }
    }

    @Override
    public void close() {}
  }
}
