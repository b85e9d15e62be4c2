package org.ecoc4j.attacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.ecoc4j.api.attack.Attack;
import org.ecoc4j.api.attack.Budget;
import org.ecoc4j.api.attack.Goal;
import org.ecoc4j.api.attack.Norm;
import org.ecoc4j.api.backend.GradientOracle;
import org.ecoc4j.api.data.ImageShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * EOT against a randomized model: each call's gradient is {@code v} plus fresh noise three times
 * larger, so one call's sign is right for about 63 % of pixels, while the mean of 400 draws is
 * right for nearly all.
 */
class EotTest {

  private static final ImageShape SHAPE = new ImageShape(1, 10, 10);

  /**
   * With one draw and no noise, EOT around each attack it wraps (apgd and fab included, whose own
   * options eot does not declare) is that attack: the same adversarial example from the same
   * oracle.
   */
  @ParameterizedTest
  @ValueSource(strings = {"fgsm", "bim", "pgd", "mim", "apgd", "fab"})
  void oneDrawWithoutNoiseIsTheWrappedAttack(String inner) {
    Random init = new Random(4);
    float[] v = new float[SHAPE.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = init.nextBoolean() ? 1f : -1f;
    }
    float[] images = new float[SHAPE.size()];
    Arrays.fill(images, 0.5f);
    Budget budget = Budget.of(Norm.LINF, 0.1, 5);
    Attack attack = Map.<String, Attack>of("fgsm", new FgsmAttack(), "bim", new BimAttack(),
        "pgd", new PgdAttack(), "mim", new MimAttack(), "apgd", new ApgdAttack(), "fab",
        new FabAttack()).get(inner);
    float[] plain = new float[images.length];
    attack.prepare(Map.of())
        .perturb(new NoisyOracle(v, 7), budget, Goal.UNTARGETED, images, new int[] {0}, 3, plain);
    float[] wrapped = new float[images.length];
    new EotAttack().prepare(Map.of("attack", inner, "draws", "1"))
        .perturb(new NoisyOracle(v, 7), budget, Goal.UNTARGETED, images, new int[] {0}, 3,
            wrapped);
    assertArrayEquals(plain, wrapped, 0f, inner);
  }

  @Test
  void averagingRecoversTheExpectedGradientSign() {
    Random init = new Random(1);
    float[] v = new float[SHAPE.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = init.nextBoolean() ? 1f : -1f;
    }
    float[] images = new float[SHAPE.size()];
    Arrays.fill(images, 0.5f);
    Budget budget = Budget.of(Norm.LINF, 0.1, 1);

    float[] plain = new float[images.length];
    new FgsmAttack().prepare(Map.of())
        .perturb(new NoisyOracle(v, 2), budget, Goal.UNTARGETED, images, new int[] {0}, 0, plain);
    float[] averaged = new float[images.length];
    new EotAttack().prepare(Map.of("attack", "fgsm", "draws", "400"))
        .perturb(new NoisyOracle(v, 2), budget, Goal.UNTARGETED, images, new int[] {0}, 0,
            averaged);

    double plainRight = agreement(plain, images, v);
    double averagedRight = agreement(averaged, images, v);
    assertTrue(plainRight < 0.85, "one noisy draw agreed on " + plainRight);
    assertTrue(averagedRight >= 0.99, "400 draws agreed on " + averagedRight);
  }

  @Test
  void averagingForwardsLossOnlyQueries() {
    float[][] rows = {{1f, -2f, 0.5f, 3f}};
    ImageShape shape = new ImageShape(1, 2, 2);
    float[] images = {0.1f, 0.2f, 0.3f, 0.4f};
    LinearOracle inner = new LinearOracle(shape, rows, 1);
    float[] losses = new float[1];
    new AveragingOracle(inner, 5, 0.1, 3, 0f, 1f).losses(images, new int[] {0}, losses);
    assertEquals(5, inner.calls, "one loss-only call per draw");
    assertEquals(0, inner.gradientCalls, "a loss-only query became a gradient query");
    float[] expected = new float[1];
    new AveragingOracle(new LinearOracle(shape, rows, 1), 5, 0.1, 3, 0f, 1f)
        .lossAndGradient(images, new int[] {0}, expected, new float[4]);
    assertEquals(expected[0], losses[0], 0f, "the same draws give the same mean loss");
    assertTrue(Math.abs(losses[0] - inner.loss(images, 0, 0)) > 1e-6, "the draws are noised");
  }

  /**
   * With input noise, sample 0's adversarial image is the same alone, beside one other sample,
   * or beside two others in another order: each sample's noise comes from its own stream.
   */
  @Test
  void resultsDoNotDependOnBatchComposition() {
    ImageShape shape = new ImageShape(1, 5, 5);
    Random init = new Random(4);
    float[] amplitude = new float[shape.size()];
    float[] frequency = new float[shape.size()];
    for (int i = 0; i < amplitude.length; i++) {
      amplitude[i] = (float) init.nextGaussian();
      frequency[i] = 1 + 10 * init.nextFloat();
    }
    float[][] samples = new float[3][shape.size()];
    for (float[] sample : samples) {
      for (int i = 0; i < sample.length; i++) {
        sample[i] = init.nextFloat();
      }
    }
    var eot = new EotAttack().prepare(Map.of("attack", "pgd", "draws", "4", "noise", "0.3"));
    Budget budget = Budget.of(Norm.LINF, 0.1, 5);
    float[] alone = attackFirst(eot, budget, shape, amplitude, frequency, samples[0]);
    float[] withOne = attackFirst(eot, budget, shape, amplitude, frequency, samples[0], samples[1]);
    float[] withTwo =
        attackFirst(eot, budget, shape, amplitude, frequency, samples[0], samples[2], samples[1]);
    org.junit.jupiter.api.Assertions.assertArrayEquals(alone, withOne);
    org.junit.jupiter.api.Assertions.assertArrayEquals(alone, withTwo);
  }

  @Test
  void noisyPointsAreClippedToThePixelRange() {
    ImageShape shape = new ImageShape(1, 2, 2);
    float[] images = {0f, 1f, 0f, 1f};
    float[][] seen = new float[1][];
    GradientOracle recorder = new GradientOracle() {
      @Override
      public ImageShape inputShape() {
        return shape;
      }

      @Override
      public int maxBatch() {
        return 1;
      }

      @Override
      public void lossAndGradient(float[] points, int[] labels, float[] losses, float[] grad) {
        for (float p : points) {
          assertTrue(p >= 0f && p <= 1f, "a noisy point left [0, 1]: " + p);
        }
        seen[0] = points.clone();
      }

      @Override
      public void close() {}
    };
    new AveragingOracle(recorder, 20, 0.5, 1, 0f, 1f).losses(images, new int[] {0}, new float[1]);
    assertTrue(seen[0] != null && !Arrays.equals(seen[0], images), "no noise was drawn");
  }

  private static float[] attackFirst(org.ecoc4j.api.attack.PreparedAttack eot, Budget budget,
      ImageShape shape, float[] amplitude, float[] frequency, float[]... samples) {
    int size = shape.size();
    float[] images = new float[samples.length * size];
    for (int b = 0; b < samples.length; b++) {
      System.arraycopy(samples[b], 0, images, b * size, size);
    }
    float[] adversarial = new float[images.length];
    eot.perturb(new WavyOracle(shape, amplitude, frequency, 0), budget, Goal.UNTARGETED, images,
        new int[samples.length], 8, adversarial);
    return Arrays.copyOf(adversarial, size);
  }

  private static double agreement(float[] adversarial, float[] images, float[] v) {
    int right = 0;
    for (int i = 0; i < v.length; i++) {
      right += Math.signum(adversarial[i] - images[i]) == Math.signum(v[i]) ? 1 : 0;
    }
    return right / (double) v.length;
  }

  /** A randomized oracle: gradient {@code v + 3 N(0, 1)}, fresh at every call. */
  private static final class NoisyOracle implements GradientOracle {
    private final float[] v;
    private final Random random;

    NoisyOracle(float[] v, long seed) {
      this.v = v;
      this.random = new Random(seed);
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
      for (int i = 0; i < v.length; i++) {
        gradientOut[i] = v[i] + 3 * (float) random.nextGaussian();
      }
      lossesOut[0] = 0;
    }

    @Override
    public void close() {}
  }
}
