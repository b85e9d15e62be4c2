package org.ecoc4j.attacks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.ecoc4j.api.attack.Budget;
import org.ecoc4j.api.attack.Goal;
import org.ecoc4j.api.attack.Norm;
import org.ecoc4j.api.data.ImageShape;
import org.junit.jupiter.api.Test;

/**
 * {@code square}'s {@code stop-at}: a sample whose loss has passed the value is queried no more,
 * while a sample that never passes it gets the same point as without the option.
 */
class SquareEarlyStopTest {

  private static final ImageShape SHAPE = new ImageShape(1, 6, 6);

  @Test
  void doneSamplesCostNoQueriesAndTheOthersAreUnchanged() {
    Random random = new Random(3);
    float[][] rows = {new float[SHAPE.size()], new float[SHAPE.size()]};
    for (int i = 0; i < SHAPE.size(); i++) {
      rows[0][i] = 1 + (float) random.nextGaussian();
      rows[1][i] = -1 + 0.1f * (float) random.nextGaussian();
    }
    float[] images = new float[2 * SHAPE.size()];
    Arrays.fill(images, 0.5f);
    int[] labels = {0, 1};
    Budget budget = Budget.of(Norm.LINF, 0.1, 1);
    double clean0 = 0.5 * sum(rows[0]);
    // Sample 0 passes the threshold within a few queries; sample 1 (loss near -18, at most
    // 3.6 higher in the ball) never does.
    String stopAt = Double.toString(clean0 + 0.01);
    CountingOracle stopping = new CountingOracle(new LinearOracle(SHAPE, rows, 2));
    float[] stopped = new float[images.length];
    new SquareAttack().prepare(Map.of("queries", "200", "stop-at", stopAt))
        .perturb(stopping, budget, Goal.UNTARGETED, images, labels, 7, stopped);
    CountingOracle plain = new CountingOracle(new LinearOracle(SHAPE, rows, 2));
    float[] full = new float[images.length];
    new SquareAttack().prepare(Map.of("queries", "200"))
        .perturb(plain, budget, Goal.UNTARGETED, images, labels, 7, full);
    assertEquals(400, plain.sampleQueries);
    assertTrue(stopping.sampleQueries < 300, "queries " + stopping.sampleQueries);
    assertArrayEquals(Arrays.copyOfRange(full, SHAPE.size(), 2 * SHAPE.size()),
        Arrays.copyOfRange(stopped, SHAPE.size(), 2 * SHAPE.size()));
    double reached = new LinearOracle(SHAPE, rows, 2).loss(stopped, 0, 0);
    assertTrue(reached > clean0 + 0.01, "sample 0 stopped at " + reached);
  }

  private static double sum(float[] row) {
    double s = 0;
    for (float v : row) {
      s += v;
    }
    return s;
  }

  /** Counts the samples of every loss query. */
  private static final class CountingOracle implements org.ecoc4j.api.backend.GradientOracle {
    private final LinearOracle inner;
    int sampleQueries;

    CountingOracle(LinearOracle inner) {
      this.inner = inner;
    }

    @Override
    public ImageShape inputShape() {
      return inner.inputShape();
    }

    @Override
    public int maxBatch() {
      return inner.maxBatch();
    }

    @Override
    public void lossAndGradient(float[] images, int[] labels, float[] losses, float[] gradient) {
      sampleQueries += labels.length;
      inner.lossAndGradient(images, labels, losses, gradient);
    }

    @Override
    public void losses(float[] images, int[] labels, float[] losses) {
      sampleQueries += labels.length;
      inner.losses(images, labels, losses);
    }

    @Override
    public void close() {}
  }
}
