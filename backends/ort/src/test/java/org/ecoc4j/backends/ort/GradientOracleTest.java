package org.ecoc4j.backends.ort;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.ecoc4j.api.attack.Objective;
import org.ecoc4j.api.backend.GradientOracle;
import org.ecoc4j.api.data.Split;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.plugin.OptionSpec;
import org.ecoc4j.api.symbolic.Term;
import org.ecoc4j.api.symbolic.Terms;
import org.ecoc4j.backends.onnx.autodiff.Differentiator;
import org.ecoc4j.backends.onnx.training.AttackGraph;
import org.ecoc4j.backends.onnx.training.Checkpoint;
import org.ecoc4j.backends.onnx.training.CheckpointReader;
import org.ecoc4j.backends.onnx.training.TrainingArtifacts;
import org.ecoc4j.backends.onnx.zoo.ModelZoo;
import org.ecoc4j.backends.onnx.zoo.ZooModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GradientOracleTest {

  private static final int SIZE = SyntheticImages.SHAPE.size();
  private static GradientOracle oracle;
  private static GradientOracle marginOracle;
  private static float[] images;
  private static int[] labels;

  @BeforeAll
  static void build() {
    ModelSpec spec = new ModelSpec("lenet", SyntheticImages.SHAPE, 4, 2);
    ZooModel model = ModelZoo.create(spec);
    LossSpec loss = LossSpec.crossEntropy(4);
    TrainingArtifacts artifacts =
        TrainingArtifacts.build(model, loss, TrainingConfig.adamW(1, 8, 4));
    oracle =
        new OrtGradientOracle(
            model, loss, CheckpointReader.read(artifacts.checkpoint()), 8, OrtSettings.cpu());
    marginOracle =
        new OrtGradientOracle(model, loss, new Margin(),
            CheckpointReader.read(artifacts.checkpoint()), 8, OrtSettings.cpu());
    Split data = SyntheticImages.quadrants(8, 31);
    images = new float[8 * SIZE];
    labels = new int[8];
    for (int i = 0; i < 8; i++) {
      data.copyImage(i, images, i * SIZE);
      labels[i] = data.label(i);
    }
  }

  @AfterAll
  static void close() {
    oracle.close();
    marginOracle.close();
  }

  @Test
  void gradientMatchesFiniteDifferencesOfEachSamplesLoss() {
    float[] losses = new float[8];
    float[] gradient = new float[8 * SIZE];
    oracle.lossAndGradient(images, labels, losses, gradient);
    float[] plus = new float[8];
    float[] minus = new float[8];
    float[] scratch = new float[8 * SIZE];
    double h = 1e-3;
    for (int probe = 0; probe < 12; probe++) {
      int sample = probe % 8;
      int pixel = (probe * 37) % SIZE;
      int index = sample * SIZE + pixel;
      float[] shifted = images.clone();
      shifted[index] = (float) (images[index] + h);
      oracle.lossAndGradient(shifted, labels, plus, scratch);
      shifted[index] = (float) (images[index] - h);
      oracle.lossAndGradient(shifted, labels, minus, scratch);
      double numeric = (plus[sample] - (double) minus[sample]) / (2 * h);
      assertEquals(numeric, gradient[index], 5e-3 + 2e-2 * Math.abs(numeric), "pixel " + index);
      for (int other = 0; other < 8; other++) {
        if (other != sample) {
          assertEquals(losses[other], plus[other], 0f, "sample " + other + " must not change");
        }
      }
    }
    assertTrue(Arrays.stream(toDoubles(gradient)).anyMatch(g -> g != 0), "gradient is all zero");
  }

  @Test
  void smallerBatchGivesTheSameRows() {
    float[] losses = new float[8];
    float[] gradient = new float[8 * SIZE];
    oracle.lossAndGradient(images, labels, losses, gradient);
    float[] someLosses = new float[3];
    float[] someGradient = new float[3 * SIZE];
    oracle.lossAndGradient(
        Arrays.copyOf(images, 3 * SIZE), Arrays.copyOf(labels, 3), someLosses, someGradient);
    assertArrayEquals(Arrays.copyOf(losses, 3), someLosses, 1e-6f);
    assertArrayEquals(Arrays.copyOf(gradient, 3 * SIZE), someGradient, 1e-6f);
  }

  /**
   * The oracle on {@code cuda} builds its graph with the portable rules (max pooling by scatter,
   * no CPU-only {@code MaxPoolGrad}); on CPU both rule sets must give the same losses and input
   * gradients for lenet, whose max pooling is on the gradient path.
   */
  @Test
  void portableRulesGiveTheInputGradientOfTheCpuRules() {
    ModelSpec spec = new ModelSpec("lenet", SyntheticImages.SHAPE, 4, 2);
    ZooModel model = ModelZoo.create(spec);
    LossSpec loss = LossSpec.crossEntropy(4);
    Checkpoint parameters = CheckpointReader.read(
        TrainingArtifacts.build(model, loss, TrainingConfig.adamW(1, 8, 4)).checkpoint());
    List<List<HostTensor>> results = new ArrayList<>();
    long[] longLabels = Arrays.stream(labels).asLongStream().toArray();
    for (Differentiator rules : List.of(Differentiator.standard(), Differentiator.portable())) {
      byte[] graph = AttackGraph.build(model, loss, 8, parameters, rules).toByteArray();
      try (InferenceSession session = new InferenceSession(graph, OrtSettings.cpu());
          NativeTensor x = NativeTensor.floats(images, 8, SyntheticImages.SHAPE.channels(),
              SyntheticImages.SHAPE.height(), SyntheticImages.SHAPE.width());
          NativeTensor y = NativeTensor.longs(longLabels, 8)) {
        results.add(session.run(
            Map.of(TrainingArtifacts.IMAGES, x, TrainingArtifacts.LABELS, y),
            List.of(AttackGraph.LOSSES, AttackGraph.INPUT_GRADIENT)));
      }
    }
    assertArrayEquals(results.get(0).get(0).values(), results.get(1).get(0).values(), 1e-6f);
    float[] cpu = results.get(0).get(1).values();
    float[] portable = results.get(1).get(1).values();
    assertTrue(Arrays.stream(toDoubles(cpu)).anyMatch(g -> g != 0), "gradient is all zero");
    assertArrayEquals(cpu, portable, 1e-6f);
  }

  @Test
  void lossOnlyQueriesGiveTheLossesOfLossAndGradient() {
    for (GradientOracle o : List.of(oracle, marginOracle)) {
      for (int batch : new int[] {8, 3}) {
        float[] some = Arrays.copyOf(images, batch * SIZE);
        int[] someLabels = Arrays.copyOf(labels, batch);
        float[] expected = new float[batch];
        o.lossAndGradient(some, someLabels, expected, new float[batch * SIZE]);
        float[] losses = new float[batch];
        o.losses(some, someLabels, losses);
        for (int b = 0; b < batch; b++) {
          assertEquals(expected[b], losses[b], 1e-6f * (1 + Math.abs(expected[b])),
              "sample " + b + " of " + batch);
        }
        assertTrue(expected[0] != expected[1], "losses must differ between samples");
      }
    }
  }

  @Test
  void refusesBadLossOnlyCalls() {
    float[] losses = new float[9];
    assertThrows(IllegalArgumentException.class,
        () -> oracle.losses(new float[9 * SIZE], new int[9], losses));
    assertThrows(IllegalArgumentException.class,
        () -> oracle.losses(new float[2 * SIZE + 1], new int[2], losses));
    float[] withInfinity = new float[2 * SIZE];
    withInfinity[3] = Float.POSITIVE_INFINITY;
    IllegalArgumentException infinite = assertThrows(IllegalArgumentException.class,
        () -> oracle.losses(withInfinity, new int[2], losses));
    assertTrue(infinite.getMessage().contains("Infinity"), infinite.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> oracle.losses(new float[2 * SIZE], new int[] {-1, 0}, losses));
    assertThrows(IllegalArgumentException.class,
        () -> oracle.losses(new float[2 * SIZE], new int[2], new float[1]));
    assertThrows(IllegalArgumentException.class,
        () -> oracle.losses(new float[0], new int[0], losses));
  }

  @Test
  void closedOracleRefusesLossOnlyCalls() {
    ModelSpec spec = new ModelSpec("lenet", SyntheticImages.SHAPE, 4, 1);
    ZooModel model = ModelZoo.create(spec);
    LossSpec loss = LossSpec.crossEntropy(4);
    TrainingArtifacts artifacts =
        TrainingArtifacts.build(model, loss, TrainingConfig.adamW(1, 2, 4));
    GradientOracle closed =
        new OrtGradientOracle(
            model, loss, CheckpointReader.read(artifacts.checkpoint()), 2, OrtSettings.cpu());
    float[] losses = new float[2];
    closed.losses(new float[2 * SIZE], new int[2], losses);
    closed.close();
    assertThrows(IllegalStateException.class,
        () -> closed.losses(new float[2 * SIZE], new int[2], losses));
  }

  @Test
  void refusesBadBatches() {
    float[] losses = new float[9];
    float[] gradient = new float[9 * SIZE];
    assertThrows(IllegalArgumentException.class,
        () -> oracle.lossAndGradient(new float[9 * SIZE], new int[9], losses, gradient));
    assertThrows(IllegalArgumentException.class,
        () -> oracle.lossAndGradient(new float[2 * SIZE + 1], new int[2], losses, gradient));
    float[] withNaN = new float[2 * SIZE];
    withNaN[7] = Float.NaN;
    IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
        () -> oracle.lossAndGradient(withNaN, new int[2], losses, gradient));
    assertTrue(nan.getMessage().contains("NaN"), nan.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> oracle.lossAndGradient(new float[2 * SIZE], new int[] {0, 4}, losses, gradient));
    assertThrows(IllegalArgumentException.class,
        () -> oracle.lossAndGradient(new float[2 * SIZE], new int[2], new float[1], gradient));
    assertThrows(IllegalArgumentException.class,
        () -> oracle.lossAndGradient(new float[0], new int[0], losses, gradient));
  }

  /** The Carlini-Wagner margin on the class scores: exercises the objective graph's variant. */
  private static final class Margin implements Objective {
    @Override
    public String name() {
      return "test-margin";
    }

    @Override
    public String description() {
      return "largest other class score minus the label's";
    }

    @Override
    public List<OptionSpec> options() {
      return List.of();
    }

    @Override
    public Term loss(Terms t) {
      Term scores = t.classScores();
      Term others = t.sub(scores, t.mul(t.labels(), t.constant(1e9f)));
      return t.sub(t.rowMax(others), t.rowSum(t.mul(t.labels(), scores)));
    }
  }

  private static double[] toDoubles(float[] v) {
    double[] d = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      d[i] = v[i];
    }
    return d;
  }
}
