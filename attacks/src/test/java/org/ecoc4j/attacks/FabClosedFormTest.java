package org.ecoc4j.attacks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.ecoc4j.api.attack.Budget;
import org.ecoc4j.api.attack.Goal;
import org.ecoc4j.api.attack.Norm;
import org.ecoc4j.api.backend.GradientOracle;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.plugin.InvalidOptionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * FAB on an affine objective {@code v . (x - x0) - m} (untargeted: adversarial where positive;
 * targeted, with {@code + m}: where negative), whose boundary is a hyperplane at L-infinity
 * distance {@code m / ||v||_1} and L2 distance {@code m / ||v||_2} from the clean image {@code
 * x0} (pixels in [0.3, 0.7], so the box does not interfere): FAB must find a point at that distance
 * up to 1 %, along {@code sign(v)} (L-infinity) or {@code v} (L2), and return the clean image
 * when the ball is smaller than the distance.
 */
class FabClosedFormTest {

  private static final ImageShape SHAPE = new ImageShape(1, 4, 4);

  static Stream<Arguments> cases() {
    Random random = new Random(21);
    return Stream.generate(() -> Arguments.of(
            random.nextBoolean() ? Norm.LINF : Norm.L2,
            random.nextBoolean() ? Goal.UNTARGETED : Goal.TARGETED,
            random.nextLong()))
        .limit(12);
  }

  @ParameterizedTest
  @MethodSource("cases")
  void findsTheClosestPointOfTheBoundary(Norm norm, Goal goal, long seed) {
    Random random = new Random(seed);
    float[] v = new float[SHAPE.size()];
    float[] clean = new float[SHAPE.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) random.nextGaussian();
      clean[i] = 0.3f + 0.4f * random.nextFloat();
    }
    double dual = norm == Norm.LINF ? l1(v) : Math.sqrt(dot(v, v));
    double distance = 0.02 + 0.05 * random.nextDouble();
    double margin = distance * dual;
    AffineOracle oracle = new AffineOracle(v, clean, goal.direction() * margin);
    float[] adversarial = new float[clean.length];
    new FabAttack().prepare(Map.of())
        .perturb(oracle, new Budget(norm, 0.2, 30, 0, 0f, 1f), goal, clean, new int[1], seed,
            adversarial);
    double found = norm == Norm.LINF ? linf(adversarial, clean) : l2(adversarial, clean);
    assertTrue(found >= distance * (1 - 1e-4) && found <= distance * 1.01,
        norm + " " + goal + ": found " + found + ", closest " + distance);
    for (int i = 0; i < v.length; i++) {
      double move = adversarial[i] - clean[i];
      double expected = goal.direction()
          * (norm == Norm.LINF ? Math.signum(v[i]) * found : v[i] / dual * found);
      assertEquals(expected, move, 0.02 * distance, "pixel " + i);
    }
    float[] tooSmall = new float[clean.length];
    new FabAttack().prepare(Map.of())
        .perturb(new AffineOracle(v, clean, goal.direction() * margin),
            new Budget(norm, distance * 0.9, 30, 0, 0f, 1f), goal, clean, new int[1], seed,
            tooSmall);
    assertArrayEquals(clean, tooSmall, "no adversarial point within a ball below the distance");
  }

  @Test
  void theBoxLimitsTheStep() {
    // Pixels at 1 cannot move up: the L-infinity step must use the others further.
    float[] v = {1, 1, 1, 1};
    float[] p = {1, 1, 0.5f, 0.5f};
    float[] d = new float[4];
    BoundaryProjection.project(Norm.LINF, p, v, 0, 4, 0.4, 0f, 1f, d);
    assertArrayEquals(new float[] {0, 0, 0.2f, 0.2f}, d, 1e-6f);
    BoundaryProjection.project(Norm.L2, p, v, 0, 4, 0.4, 0f, 1f, d);
    assertArrayEquals(new float[] {0, 0, 0.2f, 0.2f}, d, 1e-6f);
  }

  @Test
  void optionsOutOfRangeAreRefused() {
    for (Map<String, String> bad : java.util.List.of(Map.of("alpha-max", "1"),
        Map.of("eta", "0.9"), Map.of("beta", "1"), Map.of("restarts", "0"))) {
      assertTrue(org.junit.jupiter.api.Assertions.assertThrows(InvalidOptionException.class,
          () -> new FabAttack().prepare(bad)).getMessage().contains("must"), bad.toString());
    }
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (double) a[i] * b[i];
    }
    return s;
  }

  private static double l1(float[] a) {
    double s = 0;
    for (float x : a) {
      s += Math.abs(x);
    }
    return s;
  }

  private static double linf(float[] a, float[] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }

  private static double l2(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (a[i] - b[i]) * (double) (a[i] - b[i]);
    }
    return Math.sqrt(s);
  }

  /** {@code v . (x - x0) - offset}, for one image. */
  private static final class AffineOracle implements GradientOracle {
    private final float[] v;
    private final float[] origin;
    private final double offset;

    AffineOracle(float[] v, float[] origin, double offset) {
      this.v = v;
      this.origin = origin;
      this.offset = offset;
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
      losses(images, labels, losses);
      System.arraycopy(v, 0, gradient, 0, v.length);
    }

    @Override
    public void losses(float[] images, int[] labels, float[] losses) {
      double s = -offset;
      for (int i = 0; i < v.length; i++) {
        s += v[i] * ((double) images[i] - origin[i]);
      }
      losses[0] = (float) s;
    }

    @Override
    public void close() {}
  }
}
