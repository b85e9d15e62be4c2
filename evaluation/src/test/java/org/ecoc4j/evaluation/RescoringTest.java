package org.ecoc4j.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.ecoc4j.api.attack.Goal;
import org.ecoc4j.api.attack.Norm;
import org.ecoc4j.api.attack.Objective;
import org.ecoc4j.api.backend.EpochSummary;
import org.ecoc4j.api.backend.GradientOracle;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.backend.TrainedNetwork;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.data.Split;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The evaluation of a randomized, batch-coupled network ({@link Rescoring}), on a two-class
 * network whose scores are its two pixels, swapped for each sample of a call with probability 0.3
 * (a seeded draw per call): the evaluator feeds it only batches of exactly K samples (scores and
 * gradient oracles, also for a run that skips broken samples) and uses a multiple of K samples;
 * each clean decision is drawn {@code draws} times, the main clean accuracy is the share of
 * samples right in every draw and the mean over draws the share of (sample, draw) pairs right,
 * both recomputed from the draws the network recorded; the worst case over draws is at most the
 * mean for every attack; an evaluation with fewer samples than K is refused.
 */
class RescoringTest {

  private static final int COUNT = 30;
  private static final int K = 4;

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 5})
  void cleanDecisionsAreTheWorstAndTheMeanOverTheRecordedDraws(int draws) {
    Random random = new Random(17 + draws);
    float[] images = new float[COUNT * 2];
    int[] labels = new int[COUNT];
    for (int b = 0; b < COUNT; b++) {
      images[2 * b] = 0.1f + 0.8f * random.nextFloat();
      images[2 * b + 1] = 0.1f + 0.8f * random.nextFloat();
      labels[b] = images[2 * b] > images[2 * b + 1] ? 0 : 1;
    }
    SwappingNetwork network = new SwappingNetwork(draws);
    EvaluationResult result = new Evaluator(null, new Rescoring(K, draws))
        .evaluate(network, new MarginDecoder(0f), split(images, labels), plan(false));
    int used = COUNT - COUNT % K;
    assertEquals(used, result.clean().samples());
    assertTrue(network.batchSizes.stream().allMatch(n -> n == K), network.batchSizes.toString());
    assertTrue(network.oracleBatches.stream().allMatch(n -> n == K),
        network.oracleBatches.toString());
    long rightEveryDraw = 0;
    long rightDraws = 0;
    for (int b = 0; b < used; b++) {
      List<Boolean> swaps = network.swapsOf(images, b);
      assertEquals(draws, swaps.size(), "clean draws of sample " + b);
      rightEveryDraw += swaps.contains(true) ? 0 : 1;
      rightDraws += swaps.stream().filter(s -> !s).count();
    }
    assertEquals(rightEveryDraw / (double) used, result.clean().accuracy(), 1e-12);
    MeanOverDraws mean = result.draws();
    assertNotNull(mean);
    assertEquals(K, mean.coupledBatch());
    assertEquals(draws, mean.draws());
    assertEquals((long) used * draws, mean.clean().samples());
    assertEquals(rightDraws / (double) (used * draws), mean.clean().accuracy(), 1e-12);
    assertEquals(result.attacks().size(), mean.attacks().size());
    for (int i = 0; i < result.attacks().size(); i++) {
      assertEquals((long) used * draws, mean.attacks().get(i).metrics().samples());
      assertTrue(result.attacks().get(i).metrics().accuracy()
          <= mean.attacks().get(i).metrics().accuracy() + 1e-12);
    }
    if (draws > 1) {
      assertTrue(result.clean().accuracy() < mean.clean().accuracy(),
          "with 30 % swaps some sample should be wrong in one draw only");
    }
  }

  @Test
  void aRunSkippingBrokenSamplesStillAttacksWholeBatches() {
    Random random = new Random(3);
    float[] images = new float[COUNT * 2];
    int[] labels = new int[COUNT];
    for (int b = 0; b < COUNT; b++) {
      images[2 * b] = random.nextFloat();
      images[2 * b + 1] = random.nextFloat();
      labels[b] = random.nextInt(2);
    }
    SwappingNetwork network = new SwappingNetwork(1);
    new Evaluator(null, new Rescoring(K, 2))
        .evaluate(network, new MarginDecoder(0f), split(images, labels), plan(true));
    assertTrue(network.batchSizes.stream().allMatch(n -> n == K), network.batchSizes.toString());
    assertTrue(network.oracleBatches.stream().allMatch(n -> n == K),
        network.oracleBatches.toString());
  }

  /**
   * A run that skips broken samples reports the robust accuracy after it (AutoAttack's cascade):
   * in a coupled batch it attacks every sample, but a sample an earlier run broke stays broken in
   * its column and in every draw of its mean, so after the second (last) run the column is the
   * worst case and neither figure rises above the first run's.
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 3})
  void aRunSkippingBrokenSamplesReportsTheAccuracyAfterItInCoupledBatches(int draws) {
    Random random = new Random(5 + draws);
    float[] images = new float[COUNT * 2];
    int[] labels = new int[COUNT];
    for (int b = 0; b < COUNT; b++) {
      images[2 * b] = 0.1f + 0.8f * random.nextFloat();
      images[2 * b + 1] = 0.1f + 0.8f * random.nextFloat();
      labels[b] = images[2 * b] > images[2 * b + 1] ? 0 : 1;
    }
    EvaluationResult result = new Evaluator(null, new Rescoring(K, draws))
        .evaluate(new SwappingNetwork(draws), new MarginDecoder(0f), split(images, labels),
            plan(true));
    int radii = result.worstCase().size();
    for (int e = 0; e < radii; e++) {
      AttackResult first = result.attacks().get(e);
      AttackResult after = result.attacks().get(radii + e);
      assertEquals(result.worstCase().get(e).metrics().accuracy(), after.metrics().accuracy(),
          1e-12, "the last skipping run's column at epsilon " + after.epsilon());
      assertTrue(after.metrics().accuracy() <= first.metrics().accuracy() + 1e-12);
      assertTrue(result.draws().attacks().get(radii + e).metrics().accuracy()
          <= result.draws().attacks().get(e).metrics().accuracy() + 1e-12,
          "mean over draws after the skipping run at epsilon " + after.epsilon());
    }
  }

  @Test
  void withoutRescoringNoMeansAreReported() {
    float[] images = {0.9f, 0.1f, 0.2f, 0.8f};
    EvaluationResult result = new Evaluator(null)
        .evaluate(new SwappingNetwork(1), new MarginDecoder(0f), split(images, new int[] {0, 1}),
            plan(false));
    assertNull(result.draws());
  }

  @Test
  void refusesFewerSamplesThanTheCoupledBatch() {
    float[] images = {0.9f, 0.1f, 0.2f, 0.8f};
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Evaluator(null, new Rescoring(K, 2)).evaluate(new SwappingNetwork(1),
            new MarginDecoder(0f), split(images, new int[] {0, 1}), plan(false)));
    assertTrue(e.getMessage().contains("only 2 samples"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Rescoring(0, 1));
    assertThrows(IllegalArgumentException.class, () -> new Rescoring(4, 0));
  }

  private static Split split(float[] images, int[] labels) {
    return Split.inMemory("test", SwappingNetwork.SHAPE, 2, images, labels);
  }

  private static EvaluationPlan plan(boolean skipping) {
    AttackRun first = AttackRun.of(new PixelStepAttack(0), Map.of());
    AttackRun second = AttackRun.of(new PixelStepAttack(1), Map.of());
    List<AttackRun> runs = List.of(first, skipping ? second.skippingBroken() : second);
    return new EvaluationPlan(runs, List.of(0.05, 0.3), new PixelMargin(), Norm.LINF, 1,
        Double.NaN, Goal.UNTARGETED, COUNT, 10, 5, 0);
  }

  /**
   * Two classes, scores its two pixels, swapped per sample with probability 0.3 at every call; it
   * records the batch sizes it is asked about and the swaps it drew per image.
   */
  private static final class SwappingNetwork implements TrainedNetwork {
    static final ImageShape SHAPE = new ImageShape(1, 1, 2);

    final List<Integer> batchSizes = new ArrayList<>();
    final List<Integer> oracleBatches = new ArrayList<>();
    private final Map<String, List<Boolean>> swaps = new HashMap<>();
    private final Random random;

    SwappingNetwork(long seed) {
      random = new Random(seed);
    }

    List<Boolean> swapsOf(float[] images, int b) {
      return swaps.getOrDefault(key(images, b), List.of());
    }

    private static String key(float[] images, int b) {
      return Arrays.toString(Arrays.copyOfRange(images, 2 * b, 2 * b + 2));
    }

    @Override
    public ModelSpec spec() {
      return new ModelSpec("swapping", SHAPE, 2, 1);
    }

    @Override
    public List<EpochSummary> history() {
      return List.of();
    }

    @Override
    public float[] scores(float[] images, int count) {
      batchSizes.add(count);
      float[] out = Arrays.copyOf(images, 2 * count);
      for (int b = 0; b < count; b++) {
        boolean swap = random.nextDouble() < 0.3;
        swaps.computeIfAbsent(key(images, b), k -> new ArrayList<>()).add(swap);
        if (swap) {
          out[2 * b] = images[2 * b + 1];
          out[2 * b + 1] = images[2 * b];
        }
      }
      return out;
    }

    @Override
    public GradientOracle gradientOracle(int maxBatch) {
      return gradientOracle(maxBatch, new PixelMargin());
    }

    @Override
    public GradientOracle gradientOracle(int maxBatch, Objective objective) {
      return new GradientOracle() {
        @Override
        public ImageShape inputShape() {
          return SHAPE;
        }

        @Override
        public int maxBatch() {
          return maxBatch;
        }

        @Override
        public void lossAndGradient(
            float[] images, int[] labels, float[] lossesOut, float[] gradientOut) {
          oracleBatches.add(labels.length);
          for (int b = 0; b < labels.length; b++) {
            int other = 1 - labels[b];
            lossesOut[b] = images[2 * b + other] - images[2 * b + labels[b]];
            gradientOut[2 * b + other] = 1f;
            gradientOut[2 * b + labels[b]] = -1f;
          }
        }

        @Override
        public void close() {}
      };
    }

    @Override
    public void exportInference(Path file) {
      throw new UnsupportedOperationException("the test double has no ONNX model");
    }

    @Override
    public void saveCheckpoint(Path file) {
      throw new UnsupportedOperationException("the test double has no checkpoint");
    }

    @Override
    public void close() {}
  }
}
