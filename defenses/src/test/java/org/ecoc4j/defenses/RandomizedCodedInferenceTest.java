package org.ecoc4j.defenses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.IntFunction;
import org.ecoc4j.api.backend.Backend;
import org.ecoc4j.api.backend.GradientOracle;
import org.ecoc4j.api.backend.TrainedNetwork;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.data.Split;
import org.ecoc4j.api.defense.Defense;
import org.ecoc4j.api.defense.PreparedDefense;
import org.ecoc4j.api.training.TrainingData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Coded-smoothing's randomized coded inference around a lenet trained for one epoch: its scores
 * are {@code D f(E x)} per group of the permuted batch, the identity code gives the plain scores,
 * the draws are random but repeatable from the seed, and its oracle's losses and gradients are the
 * decoded objective's (finite differences at a fixed permutation).
 */
class RandomizedCodedInferenceTest {

  private static final ImageShape SHAPE = new ImageShape(1, 16, 16);
  private static final int CLASSES = 4;

  private static PreparedDefense prepare(Map<String, String> options) {
    return Plugins.find(Defense.class, "coded-smoothing")
        .prepare(CLASSES, 5, options, Plugins::find);
  }

  private static Split data(int count) {
    Random random = new Random(6);
    float[] pixels = new float[count * SHAPE.size()];
    int[] labels = new int[count];
    for (int b = 0; b < count; b++) {
      labels[b] = b % CLASSES;
      for (int i = 0; i < SHAPE.size(); i++) {
        pixels[b * SHAPE.size() + i] = random.nextFloat() * (0.5f + 0.15f * labels[b]);
      }
    }
    return Split.inMemory("train", SHAPE, CLASSES, pixels, labels);
  }

  private static TrainedNetwork train(PreparedDefense d, Split data) {
    return Plugins.find(Backend.class, "ort")
        .train(d.model("lenet", SHAPE), d.stages(TrainingConfig.adamW(1, 16, 3)),
            TrainingData.of(data, null), Map.of("progress", "false"));
  }

  private static float[] images(Split data, int count) {
    float[] x = new float[count * SHAPE.size()];
    for (int b = 0; b < count; b++) {
      data.copyImage(b, x, b * SHAPE.size());
    }
    return x;
  }

  private static final Map<String, String> CODED =
      Map.of("group", "4", "coded", "6", "encoder-smoothing", "0.01", "decoder-smoothing", "0.05",
          "inference", "rci");

  private static final IntFunction<int[]> REVERSED = n -> {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = n - 1 - i;
    }
    return p;
  };

  @Test
  void plainInferenceDeploysTheTrainedNetworkAndRciDeclaresItselfRandomizedAndCoupled() {
    PreparedDefense plain = prepare(Map.of());
    assertFalse(plain.randomized());
    assertEquals("plain", plain.options().get("inference"));
    assertTrue(prepare(CODED).randomized());
    assertEquals(1, plain.coupledBatch());
    assertEquals(4, prepare(CODED).coupledBatch(), "RCI decides groups of K = 4 together");
    try (TrainedNetwork net = train(plain, data(32))) {
      assertSame(net, plain.deploy(net));
    }
  }

  /** At a fixed permutation (reversed), the scores are D f(E x) per group, computed in Java. */
  @Test
  void scoresAreTheDecodedOutputsOfEachGroupOfThePermutedBatch() {
    PreparedDefense d = prepare(CODED);
    CodedSmoothingCode code = CodedSmoothingCode.design(4, 6, Interpolant.SPLINE, 0.01, 0.05);
    Split data = data(64);
    int count = 6; // two groups: the reversed batch 5 4 3 2, then 1 0 and the fillers 5 4
    float[] x = images(data, count);
    int size = SHAPE.size();
    TrainedNetwork net = train(d, data);
    try (TrainedNetwork rci =
        new RandomizedCodedInference(net, code, d.loss().termLoss().orElseThrow(), REVERSED)) {
      float[] scores = rci.scores(x, count);
      int[][] groups = {{5, 4, 3, 2}, {1, 0, 5, 4}};
      for (int[] group : groups) {
        float[] coded = new float[6 * size];
        for (int i = 0; i < 6; i++) {
          for (int j = 0; j < 4; j++) {
            for (int p = 0; p < size; p++) {
              coded[i * size + p] += (float) code.encoder()[i][j] * x[group[j] * size + p];
            }
          }
        }
        float[] outputs = net.scores(coded, 6);
        for (int j = 0; j < (group == groups[0] ? 4 : 2); j++) {
          for (int c = 0; c < CLASSES; c++) {
            double decoded = 0;
            for (int i = 0; i < 6; i++) {
              decoded += code.decoder()[j][i] * outputs[i * CLASSES + c];
            }
            assertEquals(decoded, scores[group[j] * CLASSES + c], 1e-4,
                "image " + group[j] + ", class " + c);
          }
        }
      }
    }
  }

  @Test
  void theIdentityCodeGivesThePlainScoresWhateverThePermutation() {
    PreparedDefense d =
        prepare(Map.of("group", "4", "coded", "4", "interpolant", "berrut", "inference", "rci"));
    Split data = data(64);
    float[] x = images(data, 10);
    TrainedNetwork net = train(d, data);
    float[] plain = net.scores(x, 10);
    try (TrainedNetwork rci = d.deploy(net)) {
      assertArrayEquals(plain, rci.scores(x, 10), 1e-5f);
      assertArrayEquals(Arrays.copyOf(plain, CLASSES), rci.scores(Arrays.copyOf(x, SHAPE.size()), 1),
          1e-5f, "a single image, filled up with copies of itself");
    }
  }

  @Test
  void drawsAreRandomAndRepeatableFromTheSeed() {
    PreparedDefense d = prepare(CODED);
    Split data = data(64);
    float[] x = images(data, 8);
    float[] first;
    float[] second;
    try (TrainedNetwork rci = d.deploy(train(d, data))) {
      first = rci.scores(x, 8);
      second = rci.scores(x, 8);
    }
    assertFalse(Arrays.equals(first, second), "two draws, two permutations");
    try (TrainedNetwork again = prepare(CODED).deploy(train(d, data))) {
      assertArrayEquals(first, again.scores(x, 8), 1e-6f, "the same seed, the same first draw");
    }
  }

  /**
   * Around a block of lenet, with the identity code, the scores are the plain network's whatever
   * the permutation (and for a single image filled up with copies of itself).
   */
  @ParameterizedTest
  @ValueSource(strings = {"conv1", "conv2", "head"})
  void theIdentityCodeAroundABlockGivesThePlainScores(String block) {
    PreparedDefense d = prepare(Map.of("group", "4", "coded", "4", "interpolant", "berrut",
        "inference", "rci", "block", block));
    Split data = data(64);
    float[] x = images(data, 10);
    TrainedNetwork net = train(d, data);
    float[] plain = net.scores(x, 10);
    try (TrainedNetwork rci = d.deploy(net)) {
      assertArrayEquals(plain, rci.scores(x, 10), 1e-5f, block);
      assertArrayEquals(Arrays.copyOf(plain, CLASSES),
          rci.scores(Arrays.copyOf(x, SHAPE.size()), 1), 1e-5f, block + ", a single image");
    }
  }

  /** RCI around a block lenet does not declare is refused, naming those it does. */
  @Test
  void rciAroundAnUnknownBlockIsRefusedNamingTheBlocks() {
    PreparedDefense d = prepare(CODED);
    CodedSmoothingCode code = CodedSmoothingCode.design(4, 6, Interpolant.SPLINE, 0.01, 0.05);
    try (TrainedNetwork net = train(d, data(32))) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> new RandomizedCodedInference(
              net, code, d.loss().termLoss().orElseThrow(), REVERSED, Optional.of("fc9")));
      assertTrue(e.getMessage().contains("no block 'fc9'"), e.getMessage());
      assertTrue(e.getMessage().contains("conv1, conv2, head"), e.getMessage());
    }
  }

  /**
   * The oracle's losses are the decoded cross-entropies of the scores at the same permutation,
   * and its gradient (the group's summed loss, through the encoder, or around a block through the
   * mixed graph) agrees with central differences: coding the whole network ("") and around each
   * block of lenet.
   */
  @ParameterizedTest
  @ValueSource(strings = {"", "conv1", "conv2", "head"})
  void theOraclesLossesAndGradientsAreTheDecodedObjectives(String block) {
    Optional<String> around = Optional.of(block).filter(b -> !b.isEmpty());
    Map<String, String> options = new HashMap<>(CODED);
    around.ifPresent(b -> options.put("block", b));
    PreparedDefense d = prepare(options);
    CodedSmoothingCode code = CodedSmoothingCode.design(4, 6, Interpolant.SPLINE, 0.01, 0.05);
    Split data = data(64);
    int count = 4;
    float[] x = images(data, count);
    int[] labels = {0, 1, 2, 3};
    int size = SHAPE.size();
    try (TrainedNetwork rci =
            new RandomizedCodedInference(
                train(d, data), code, d.loss().termLoss().orElseThrow(), REVERSED, around);
        GradientOracle oracle = rci.gradientOracle(count)) {
      float[] scores = rci.scores(x, count);
      float[] losses = new float[count];
      float[] gradient = new float[count * size];
      oracle.lossAndGradient(x, labels, losses, gradient);
      for (int b = 0; b < count; b++) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < CLASSES; c++) {
          max = Math.max(max, scores[b * CLASSES + c]);
        }
        double sum = 0;
        for (int c = 0; c < CLASSES; c++) {
          sum += Math.exp(scores[b * CLASSES + c] - max);
        }
        assertEquals(max + Math.log(sum) - scores[b * CLASSES + labels[b]], losses[b], 1e-4,
            "sample " + b);
      }
      Random pick = new Random(3);
      double eps = 1e-3;
      int mismatches = 0;
      StringBuilder seen = new StringBuilder();
      for (int t = 0; t < 16; t++) {
        int at = pick.nextInt(count * size);
        float[] up = x.clone();
        up[at] += (float) eps;
        float[] down = x.clone();
        down[at] -= (float) eps;
        double numeric = (total(oracle, up, labels) - total(oracle, down, labels)) / (2 * eps);
        if (Math.abs(numeric - gradient[at]) > 5e-2 * Math.abs(numeric) + 2e-3) {
          mismatches++;
          seen.append(" pixel ").append(at).append(": ").append(numeric).append(" vs ")
              .append(gradient[at]);
        }
      }
      // a step can swap the maximum of a pooling window (a kink): one sampled pixel may disagree
      assertTrue(mismatches <= 1, block + ":" + seen);
    }
  }

  private static double total(GradientOracle oracle, float[] x, int[] labels) {
    float[] losses = new float[labels.length];
    oracle.losses(x, labels, losses);
    double sum = 0;
    for (float l : losses) {
      sum += l;
    }
    return sum;
  }
}
