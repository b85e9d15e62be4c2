package org.ecoc4j.attacks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
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
 * Carlini-Wagner L2 on an affine objective {@code v . (x - x0) - m} (untargeted: adversarial where
 * positive; targeted, with {@code + m}: where negative), whose boundary is a hyperplane at L2
 * distance {@code m / ||v||_2} from the clean image (pixels in [0.3, 0.7], so the box does not
 * interfere): cw-l2 must return an adversarial point at that distance or slightly above (within
 * 5 %), and the clean image when the ball is smaller than the distance.
 */
class CwL2ClosedFormTest {

  private static final ImageShape SHAPE = new ImageShape(1, 4, 4);

  static Stream<Arguments> cases() {
    Random random = new Random(33);
    return Stream.generate(() -> Arguments.of(
            random.nextBoolean() ? Goal.UNTARGETED : Goal.TARGETED, random.nextLong()))
        .limit(8);
  }

  @ParameterizedTest
  @MethodSource("cases")
  void findsAPointJustBeyondTheClosestPointOfTheBoundary(Goal goal, long seed) {
    Random random = new Random(seed);
    float[] v = new float[SHAPE.size()];
    float[] clean = new float[SHAPE.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) random.nextGaussian();
      clean[i] = 0.3f + 0.4f * random.nextFloat();
    }
    double norm = Math.sqrt(dot(v, v));
    double distance = 0.05 + 0.1 * random.nextDouble();
    AffineOracle oracle = new AffineOracle(v, clean, goal.direction() * distance * norm);
    float[] adversarial = new float[clean.length];
    new CwL2Attack().prepare(Map.of())
        .perturb(oracle, new Budget(Norm.L2, 10, 200, Double.NaN, 0f, 1f), goal, clean,
            new int[1], seed, adversarial);
    float[] loss = new float[1];
    oracle.losses(adversarial, new int[1], loss);
    assertTrue(goal.direction() * loss[0] > 0, "adversarial: " + loss[0]);
    double found = l2(adversarial, clean);
    assertTrue(found >= distance * (1 - 1e-4) && found <= distance * 1.05,
        goal + ": found " + found + ", closest " + distance);

    float[] tooSmall = new float[clean.length];
    new CwL2Attack().prepare(Map.of())
        .perturb(oracle, new Budget(Norm.L2, distance * 0.9, 50, Double.NaN, 0f, 1f), goal,
            clean, new int[1], seed, tooSmall);
    assertArrayEquals(clean, tooSmall, "no adversarial point within a ball below the distance");
  }

  @Test
  void optionsOutOfRangeAreRefused() {
    for (Map<String, String> bad : List.of(Map.of("confidence", "-1"),
        Map.of("initial-c", "0"), Map.of("binary-steps", "0"), Map.of("learning-rate", "0"))) {
      assertTrue(assertThrows(InvalidOptionException.class,
          () -> new CwL2Attack().prepare(bad)).getMessage().contains("must"), bad.toString());
    }
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (double) a[i] * b[i];
    }
    return s;
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
    public void lossAndGradient(
        float[] images, int[] labels, float[] lossesOut, float[] gradientOut) {
      losses(images, labels, lossesOut);
      System.arraycopy(v, 0, gradientOut, 0, v.length);
    }

    @Override
    public void losses(float[] images, int[] labels, float[] lossesOut) {
      double s = -offset;
      for (int i = 0; i < v.length; i++) {
        s += v[i] * ((double) images[i] - origin[i]);
      }
      lossesOut[0] = (float) s;
    }

    @Override
    public void close() {}
  }
}
