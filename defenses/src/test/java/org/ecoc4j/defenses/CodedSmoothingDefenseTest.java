package org.ecoc4j.defenses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.ecoc4j.api.backend.Backend;
import org.ecoc4j.api.backend.LearningRateSchedule;
import org.ecoc4j.api.backend.TrainedNetwork;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.data.Split;
import org.ecoc4j.api.defense.Defense;
import org.ecoc4j.api.defense.PreparedDefense;
import org.ecoc4j.api.plugin.InvalidOptionException;
import org.ecoc4j.api.symbolic.BatchMixing;
import org.ecoc4j.api.symbolic.BlockMixing;
import org.ecoc4j.api.training.TrainingData;
import org.ecoc4j.api.training.TrainingStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code coded-smoothing}: its options, its training stage's batch mixing, its loss compiled and
 * run by the ort backend on lenet against the formula evaluated in Java, and the identity code
 * that makes it one-hot's ERM.
 */
class CodedSmoothingDefenseTest {

  private static final ImageShape SHAPE = new ImageShape(1, 16, 16);
  private static final int CLASSES = 4;

  private static PreparedDefense prepare(String name, Map<String, String> options) {
    return Plugins.find(Defense.class, name).prepare(CLASSES, 5, options, Plugins::find);
  }

  private static Split data(int count) {
    Random random = new Random(5);
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

  private static TrainedNetwork train(PreparedDefense d, Split data, TrainingConfig config) {
    return train("lenet", d, data, config, Map.of("progress", "false"));
  }

  private static TrainedNetwork train(String architecture, PreparedDefense d, Split data,
      TrainingConfig config, Map<String, String> backendOptions) {
    return Plugins.find(Backend.class, "ort")
        .train(d.model(architecture, SHAPE), d.stages(config), TrainingData.of(data, null),
            backendOptions);
  }

  private static float[] images(Split data, int count) {
    float[] x = new float[count * SHAPE.size()];
    for (int b = 0; b < count; b++) {
      data.copyImage(b, x, b * SHAPE.size());
    }
    return x;
  }

  @Test
  void defaultsAreRecordedAndTheStageMixesThePlainBatchWithEachGroupsCodedSamples() {
    PreparedDefense d = prepare("coded-smoothing", Map.of());
    assertEquals("16", d.options().get("group"));
    assertEquals("32", d.options().get("coded"));
    assertEquals("spline", d.options().get("interpolant"));
    assertEquals("0.0", d.options().get("encoder-smoothing"));
    assertEquals("0.0", d.options().get("decoder-smoothing"));
    assertEquals("1.0", d.options().get("mu"));
    assertEquals(List.of("encoder-smoothing", "decoder-smoothing"), d.derivedOptions());
    assertEquals(1, d.members());
    assertEquals(CLASSES, d.outputsPerMember());
    PreparedDefense oneHot = prepare("one-hot", Map.of());
    assertEquals(oneHot.codebooks(), d.codebooks());
    assertEquals(oneHot.decoder(), d.decoder());
    assertEquals(oneHot.decoderOptions(), d.decoderOptions());
    assertEquals("margin", d.adaptiveObjective());

    List<TrainingStage> stages = d.stages(TrainingConfig.adamW(1, 32, 1));
    assertEquals(1, stages.size());
    BatchMixing mixing = stages.get(0).batchMixing().orElseThrow();
    assertEquals(32, mixing.inputs());
    assertEquals(32 + 2 * 32, mixing.outputs(), "the plain batch, then 2 groups x N coded");
    float[] m = mixing.matrix();
    CodedSmoothingCode code = CodedSmoothingCode.design(16, 32, Interpolant.SPLINE, 0, 0);
    for (int r = 0; r < mixing.outputs(); r++) {
      for (int c = 0; c < 32; c++) {
        double expected;
        if (r < 32) {
          expected = r == c ? 1 : 0;
        } else {
          int group = (r - 32) / 32;
          expected = c / 16 == group ? code.encoder()[(r - 32) % 32][c % 16] : 0;
        }
        assertEquals(expected, m[r * 32 + c], 1e-6, "row " + r + ", column " + c);
      }
    }
  }

  @Test
  void badOptionsAndBatchSizesAreRefusedNamingTheProblem() {
    InvalidOptionException fewer =
        assertThrows(InvalidOptionException.class,
            () -> prepare("coded-smoothing", Map.of("group", "8", "coded", "4")));
    assertTrue(fewer.getMessage().contains("N >= K"), fewer.getMessage());
    InvalidOptionException mu =
        assertThrows(InvalidOptionException.class,
            () -> prepare("coded-smoothing", Map.of("mu", "-0.5")));
    assertTrue(mu.getMessage().contains("'mu'"), mu.getMessage());
    InvalidOptionException smoothing =
        assertThrows(InvalidOptionException.class,
            () -> prepare("coded-smoothing", Map.of("encoder-smoothing", "-1")));
    assertTrue(smoothing.getMessage().contains("encoder-smoothing"), smoothing.getMessage());
    InvalidOptionException berrut =
        assertThrows(InvalidOptionException.class,
            () -> prepare("coded-smoothing",
                Map.of("interpolant", "berrut", "decoder-smoothing", "0.1")));
    assertTrue(berrut.getMessage().contains("berrut"), berrut.getMessage());
    assertThrows(InvalidOptionException.class,
        () -> prepare("coded-smoothing", Map.of("group", "0")));
    PreparedDefense d = prepare("coded-smoothing", Map.of("group", "8", "coded", "12"));
    IllegalArgumentException batch =
        assertThrows(IllegalArgumentException.class,
            () -> d.stages(TrainingConfig.adamW(1, 20, 1)));
    assertTrue(batch.getMessage().contains("20 is not a multiple of 8"), batch.getMessage());
  }

  /**
   * One step at a negligible learning rate on a dataset of one batch: the reported loss is the
   * formula {@code CE(f(x_b), y_b) + mu CE(D f(E x)_b, y_b)} averaged over the batch, with f the
   * trained network and E, D the code's matrices applied per group in Java.
   */
  @Test
  void theTrainingLossIsTheTaskLossPlusMuTimesTheDecodedCrossEntropy() {
    int k = 4;
    int n = 6;
    int batch = 8;
    double mu = 0.7;
    PreparedDefense d =
        prepare("coded-smoothing",
            Map.of("group", "4", "coded", "6", "encoder-smoothing", "0.01",
                "decoder-smoothing", "0.05", "mu", "0.7"));
    CodedSmoothingCode code = CodedSmoothingCode.design(k, n, Interpolant.SPLINE, 0.01, 0.05);
    Split data = data(batch);
    TrainingConfig config =
        new TrainingConfig(1, batch, 1e-9, 0, 0.9, 0.999, 1e-8, 3, false,
            LearningRateSchedule.constant());
    try (TrainedNetwork net = train(d, data, config)) {
      float[] x = images(data, batch);
      float[] plain = net.scores(x, batch);
      int size = SHAPE.size();
      float[] coded = new float[2 * n * size];
      for (int g = 0; g < 2; g++) {
        for (int i = 0; i < n; i++) {
          for (int j = 0; j < k; j++) {
            for (int p = 0; p < size; p++) {
              coded[(g * n + i) * size + p] +=
                  (float) (code.encoder()[i][j] * x[(g * k + j) * size + p]);
            }
          }
        }
      }
      float[] codedScores = net.scores(coded, 2 * n);
      double expected = 0;
      for (int b = 0; b < batch; b++) {
        int g = b / k;
        double[] decoded = new double[CLASSES];
        for (int i = 0; i < n; i++) {
          for (int c = 0; c < CLASSES; c++) {
            decoded[c] += code.decoder()[b % k][i] * codedScores[(g * n + i) * CLASSES + c];
          }
        }
        double[] logits = new double[CLASSES];
        for (int c = 0; c < CLASSES; c++) {
          logits[c] = plain[b * CLASSES + c];
        }
        int y = data.label(b);
        expected += crossEntropy(logits, y) + mu * crossEntropy(decoded, y);
      }
      expected /= batch;
      double reported = net.history().get(0).trainLoss();
      assertEquals(expected, reported, 1e-4 * expected);
    }
  }

  /**
   * With N = K and no smoothing the code is the identity: at mu = 0 the run is one-hot's, to the
   * float (same scores after training), for the spline and for Berrut; at mu &gt; 0 the loss is
   * (1 + mu) times one-hot's, which AdamW's steps do not see (to its epsilon).
   */
  @Test
  void theIdentityCodeTrainsExactlyLikeOneHot() {
    Split data = data(64);
    TrainingConfig config = TrainingConfig.adamW(2, 16, 3);
    float[] probe = images(data, 12);
    float[] expected;
    double oneHotLoss;
    try (TrainedNetwork net = train(prepare("one-hot", Map.of()), data, config)) {
      expected = net.scores(probe, 12);
      oneHotLoss = net.history().get(1).trainLoss();
    }
    for (Map<String, String> identity :
        List.of(
            Map.of("group", "8", "coded", "8", "encoder-smoothing", "0", "decoder-smoothing", "0",
                "mu", "0"),
            Map.of("group", "4", "coded", "4", "interpolant", "berrut", "mu", "0"))) {
      try (TrainedNetwork net = train(prepare("coded-smoothing", identity), data, config)) {
        assertArrayEquals(expected, net.scores(probe, 12), 1e-5f, identity.toString());
        assertEquals(oneHotLoss, net.history().get(1).trainLoss(), 1e-6, identity.toString());
      }
    }
    Map<String, String> weighted =
        Map.of("group", "8", "coded", "8", "encoder-smoothing", "0", "decoder-smoothing", "0",
            "mu", "0.5");
    try (TrainedNetwork net = train(prepare("coded-smoothing", weighted), data, config)) {
      assertEquals(1.5 * oneHotLoss, net.history().get(1).trainLoss(), 1e-3 * oneHotLoss);
    }
  }

  /**
   * {@code base=random-binary-ensemble}: the design is the ensemble's (members, widths, codebooks
   * drawn from the same seed, decoder, loss), with the base's options recorded under {@code
   * base.}; with the identity code at mu = 0 the run is the ensemble's to the float, at mu = 0.5
   * its loss is 1.5 times the ensemble's.
   */
  @Test
  void aCodewordBaseIsWrappedAndTheIdentityCodeTrainsExactlyLikeIt() {
    Map<String, String> ensemble = Map.of("members", "2", "code-length", "16");
    PreparedDefense plain = prepare("random-binary-ensemble", ensemble);
    Map<String, String> identity = Map.of("base", "random-binary-ensemble",
        "base.members", "2", "base.code-length", "16", "group", "8", "coded", "8", "mu", "0");
    PreparedDefense d = prepare("coded-smoothing", identity);
    assertEquals("coded-smoothing", d.name());
    assertEquals(2, d.members());
    assertEquals(16, d.outputsPerMember());
    assertEquals(plain.codebooks(), d.codebooks());
    assertEquals(plain.decoder(), d.decoder());
    assertEquals(plain.decoderOptions(), d.decoderOptions());
    assertEquals(plain.adaptiveObjective(), d.adaptiveObjective());
    assertEquals(plain.codebookOrigin().toString(), d.codebookOrigin().toString());
    assertEquals("random-binary-ensemble", d.options().get("base"));
    assertEquals("2", d.options().get("base.members"));
    assertEquals(plain.options().get("temperature"), d.options().get("base.temperature"));
    assertTrue(d.derivedOptions().contains("base.temperature"), d.derivedOptions().toString());
    Split data = data(64);
    TrainingConfig config = TrainingConfig.adamW(2, 16, 3);
    float[] probe = images(data, 12);
    float[] expected;
    double plainLoss;
    try (TrainedNetwork net = train(plain, data, config)) {
      expected = net.scores(probe, 12);
      plainLoss = net.history().get(1).trainLoss();
    }
    try (TrainedNetwork net = train(d, data, config)) {
      assertArrayEquals(expected, net.scores(probe, 12), 1e-5f);
      assertEquals(plainLoss, net.history().get(1).trainLoss(), 1e-6 * Math.abs(plainLoss));
    }
    Map<String, String> weighted = new java.util.HashMap<>(identity);
    weighted.put("mu", "0.5");
    try (TrainedNetwork net = train(prepare("coded-smoothing", weighted), data, config)) {
      assertEquals(1.5 * plainLoss, net.history().get(1).trainLoss(), 1e-3 * Math.abs(plainLoss));
    }
  }

  @Test
  void basesThatCannotBeWrappedAreRefusedNamingTheOption() {
    for (Map.Entry<String, String> bad : Map.of(
        "no-such-defense", "unknown defense 'no-such-defense'",
        "coded-smoothing", "itself",
        "mixup", "mixes its batches itself",
        "acl-pf", "stages").entrySet()) {
      InvalidOptionException e = assertThrows(InvalidOptionException.class,
          () -> prepare("coded-smoothing", Map.of("base", bad.getKey())));
      assertEquals("base", e.option(), e.getMessage());
      assertTrue(e.getMessage().contains(bad.getValue()), e.getMessage());
    }
    InvalidOptionException option = assertThrows(InvalidOptionException.class,
        () -> prepare("coded-smoothing",
            Map.of("base", "random-binary-ensemble", "base.members", "0")));
    assertTrue(option.option().startsWith("base.members"), option.option());
    assertTrue(option.getMessage().contains("random-binary-ensemble"), option.getMessage());
  }

  /**
   * {@code block=conv2}: the stage mixes around that block, not before the network: the encoder
   * of each group enters the block after the plain batch, and after it the plain rows come back
   * as they are, followed by each group's decoded rows.
   */
  @Test
  void aBlockOptionMixesAroundThatBlock() {
    PreparedDefense d = prepare("coded-smoothing",
        Map.of("group", "4", "coded", "6", "block", "conv2", "encoder-smoothing", "0.01"));
    assertEquals("conv2", d.options().get("block"));
    TrainingStage stage = d.stages(TrainingConfig.adamW(1, 8, 1)).get(0);
    assertTrue(stage.batchMixing().isEmpty(), "no mixing before the network");
    BlockMixing around = stage.blockMixing().orElseThrow();
    assertEquals("conv2", around.block());
    CodedSmoothingCode code = CodedSmoothingCode.design(4, 6, Interpolant.SPLINE, 0.01, 0);
    assertEquals(CodedTraining.inputMixing(code, 8), around.entering());
    BatchMixing leaving = around.leaving();
    assertEquals(8 + 2 * 6, leaving.inputs());
    assertEquals(16, leaving.outputs(), "the plain batch's rows, then the decoded ones");
    float[] m = leaving.matrix();
    int columns = leaving.inputs();
    for (int r = 0; r < 16; r++) {
      for (int c = 0; c < columns; c++) {
        double expected;
        if (r < 8) {
          expected = r == c ? 1 : 0;
        } else {
          int group = (r - 8) / 4;
          expected = c >= 8 && (c - 8) / 6 == group ? code.decoder()[(r - 8) % 4][(c - 8) % 6]
              : 0;
        }
        assertEquals(expected, m[r * columns + c], 1e-6, "row " + r + ", column " + c);
      }
    }
  }

  /**
   * With N = K and no smoothing the code is the identity around each block too: at mu = 0 the run
   * is one-hot's to the float, at mu = 0.5 its loss is 1.5 times one-hot's.
   */
  @ParameterizedTest
  @ValueSource(strings = {"conv1", "conv2", "head"})
  void theIdentityCodeAroundABlockTrainsExactlyLikeOneHot(String block) {
    Split data = data(64);
    TrainingConfig config = TrainingConfig.adamW(2, 16, 3);
    float[] probe = images(data, 12);
    float[] expected;
    double oneHotLoss;
    try (TrainedNetwork net = train(prepare("one-hot", Map.of()), data, config)) {
      expected = net.scores(probe, 12);
      oneHotLoss = net.history().get(1).trainLoss();
    }
    Map<String, String> identity = new java.util.HashMap<>(
        Map.of("group", "8", "coded", "8", "mu", "0", "block", block));
    try (TrainedNetwork net = train(prepare("coded-smoothing", identity), data, config)) {
      assertArrayEquals(expected, net.scores(probe, 12), 1e-5f, block);
      assertEquals(oneHotLoss, net.history().get(1).trainLoss(), 1e-6, block);
    }
    identity.put("mu", "0.5");
    try (TrainedNetwork net = train(prepare("coded-smoothing", identity), data, config)) {
      assertEquals(1.5 * oneHotLoss, net.history().get(1).trainLoss(), 1e-3 * oneHotLoss, block);
    }
  }

  /**
   * Around {@code stage2} of resnet20v2, whose batch normalization in training normalizes the
   * plain rows together with the coded ones inside the stage and with the decoded ones after it:
   * the identity code repeats each row, which keeps every mean and variance, so at mu = 0 the run
   * is one-hot's (to float rounding: the sums run over twice the rows). Trained by SGD (rate
   * 0.05): the convolution biases in front of batch normalization have a zero gradient, whose
   * rounding noise AdamW would scale up to whole learning-rate steps.
   */
  @Test
  void theIdentityCodeAroundABatchNormalizedStageTrainsLikeOneHot() {
    Split data = data(32);
    TrainingConfig config = TrainingConfig.adamW(2, 16, 3).withLearningRate(0.05);
    float[] probe = images(data, 8);
    float[] expected;
    double oneHotLoss;
    Map<String, String> sgd = Map.of("progress", "false", "optimizer", "sgd");
    try (TrainedNetwork net =
        train("resnet20v2", prepare("one-hot", Map.of()), data, config, sgd)) {
      expected = net.scores(probe, 8);
      oneHotLoss = net.history().get(1).trainLoss();
    }
    try (TrainedNetwork net = train("resnet20v2", prepare("coded-smoothing",
        Map.of("group", "8", "coded", "8", "mu", "0", "block", "stage2")), data, config, sgd)) {
      assertArrayEquals(expected, net.scores(probe, 8), 1e-4f);
      assertEquals(oneHotLoss, net.history().get(1).trainLoss(), 1e-5 * oneHotLoss);
    }
  }

  @Test
  void badBlocksAreRefusedNamingTheBlocksThereAre() {
    PreparedDefense d = prepare("coded-smoothing",
        Map.of("group", "4", "coded", "6", "block", "conv3"));
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> train(d, data(8), TrainingConfig.adamW(1, 8, 1)).close());
    assertTrue(unknown.getMessage().contains("no block 'conv3'"), unknown.getMessage());
    assertTrue(unknown.getMessage().contains("conv1, conv2, head"), unknown.getMessage());
    InvalidOptionException blank = assertThrows(InvalidOptionException.class,
        () -> prepare("coded-smoothing", Map.of("block", " ")));
    assertEquals("block", blank.option());
  }

  private static double crossEntropy(double[] logits, int label) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : logits) {
      max = Math.max(max, v);
    }
    double sum = 0;
    for (double v : logits) {
      sum += Math.exp(v - max);
    }
    return max + Math.log(sum) - logits[label];
  }
}
