package org.ecoc4j.defenses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.ecoc4j.api.backend.Backend;
import org.ecoc4j.api.backend.LearningRateSchedule;
import org.ecoc4j.api.backend.TrainedNetwork;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.data.Split;
import org.ecoc4j.api.defense.Defense;
import org.ecoc4j.api.defense.PreparedDefense;
import org.ecoc4j.api.plugin.InvalidOptionException;
import org.ecoc4j.api.random.Seeds;
import org.ecoc4j.api.symbolic.BatchMixing;
import org.ecoc4j.api.training.TrainingData;
import org.ecoc4j.api.training.TrainingStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code mixup}: its batch mixing, drawn per step (each step's matrix: one lambda and 1 - lambda in
 * every row summing to 1, the partners a permutation; lambda spread as Beta(alpha, alpha) over
 * steps; the same seed, epoch and batch draw the same matrix, other steps other ones), its loss run
 * by the ort backend on lenet against the formula in Java with the first step's matrix, and bad
 * alpha.
 */
class MixupDefenseTest {

  private static final ImageShape SHAPE = new ImageShape(1, 16, 16);
  private static final int CLASSES = 4;

  private static PreparedDefense prepare(Map<String, String> options) {
    return Plugins.find(Defense.class, "mixup").prepare(CLASSES, 5, options, Plugins::find);
  }

  private static BatchMixing mixing(Map<String, String> options, int batch) {
    return prepare(options).stages(TrainingConfig.adamW(1, batch, 1)).get(0).batchMixing()
        .orElseThrow();
  }

  /** Checks one step's matrix and returns its lambda (NaN if no image has a partner). */
  private static double checkedLambda(float[] m, int batch) {
    boolean[] partnered = new boolean[batch];
    double lambda = Double.NaN;
    for (int b = 0; b < batch; b++) {
      double row = 0;
      int others = 0;
      for (int c = 0; c < batch; c++) {
        assertTrue(m[b * batch + c] >= 0);
        row += m[b * batch + c];
        if (c != b && m[b * batch + c] > 0) {
          others++;
          assertTrue(!partnered[c], "partner " + c + " taken twice");
          partnered[c] = true;
        }
      }
      assertEquals(1, row, 1e-6, "row " + b);
      assertTrue(others <= 1, "row " + b + " mixes " + others + " other images");
      if (others == 1 && Double.isNaN(lambda)) {
        lambda = m[b * batch + b];
      } else if (others == 1) {
        assertEquals(lambda, m[b * batch + b], 1e-7, "one lambda for the batch, row " + b);
      }
    }
    return lambda;
  }

  static Stream<Arguments> steps() {
    SplittableRandom random = new SplittableRandom(19);
    return IntStream.range(0, 6).mapToObj(i -> Arguments.of(
        random.nextLong(), random.nextInt(1, 50), random.nextInt(0, 200)));
  }

  @ParameterizedTest
  @MethodSource("steps")
  void eachStepDrawsItsOwnMixingAndTheSameStepTheSameOne(long seed, int epoch, int batch) {
    BatchMixing mixing = mixing(Map.of(), 16);
    assertTrue(mixing.drawnPerStep());
    assertEquals(mixing, mixing(Map.of(), 16), "the same settings, the same mixing");
    assertNotEquals(mixing, mixing(Map.of("alpha", "0.5"), 16));
    BatchMixing step = mixing.draw(Seeds.forBatchMixing(seed, epoch, batch));
    checkedLambda(step.matrix(), 16);
    assertEquals(step, mixing(Map.of(), 16).draw(Seeds.forBatchMixing(seed, epoch, batch)),
        "the same seed, epoch and batch draw the same mixing");
    assertNotEquals(step, mixing.draw(Seeds.forBatchMixing(seed, epoch, batch + 1)),
        "the next batch draws another");
    assertNotEquals(step, mixing.draw(Seeds.forBatchMixing(seed, epoch + 1, batch)),
        "the next epoch draws another");
  }

  @Test
  void lambdaOverStepsIsBetaDistributed() {
    int batch = 8;
    int steps = 512;
    BatchMixing uniform = mixing(Map.of(), batch);
    BatchMixing sharp = mixing(Map.of("alpha", "0.1"), batch);
    double sum = 0;
    int middle = 0;
    for (int s = 0; s < steps; s++) {
      long seed = Seeds.forBatchMixing(1, 1, s);
      sum += checkedLambda(uniform.draw(seed).matrix(), batch);
      double l = checkedLambda(sharp.draw(seed).matrix(), batch);
      middle += l > 0.1 && l < 0.9 ? 1 : 0;
    }
    assertEquals(0.5, sum / steps, 0.05, "Beta(1, 1) has mean 1/2");
    assertTrue(middle < steps / 4, "Beta(0.1, 0.1) is mostly near 0 or 1: " + middle);
  }

  @Test
  void alphaMustBePositive() {
    for (String bad : List.of("0", "-1", "NaN")) {
      InvalidOptionException e =
          assertThrows(InvalidOptionException.class, () -> prepare(Map.of("alpha", bad)));
      assertTrue(e.getMessage().contains("'alpha'"), e.getMessage());
    }
  }

  /** One step at a negligible learning rate: the reported loss is CE(f(M x), M Y). */
  @Test
  void theLossIsTheCrossEntropyOfTheMixedImagesToTheMixedLabels() {
    int batch = 8;
    PreparedDefense d = prepare(Map.of("alpha", "0.4"));
    Random random = new Random(5);
    float[] pixels = new float[batch * SHAPE.size()];
    int[] labels = new int[batch];
    for (int b = 0; b < batch; b++) {
      labels[b] = b % CLASSES;
      for (int i = 0; i < SHAPE.size(); i++) {
        pixels[b * SHAPE.size() + i] = random.nextFloat() * (0.5f + 0.15f * labels[b]);
      }
    }
    Split data = Split.inMemory("train", SHAPE, CLASSES, pixels, labels);
    TrainingConfig config =
        new TrainingConfig(1, batch, 1e-9, 0, 0.9, 0.999, 1e-8, 3, false,
            LearningRateSchedule.constant());
    List<TrainingStage> stages = d.stages(config);
    // one epoch of one batch: the step of epoch 1, batch 0, whose seed is the run's
    float[] m = stages.get(0).batchMixing().orElseThrow()
        .draw(Seeds.forBatchMixing(config.seed(), 1, 0)).matrix();
    try (TrainedNetwork net = Plugins.find(Backend.class, "ort")
        .train(d.model("lenet", SHAPE), stages, TrainingData.of(data, null),
            Map.of("progress", "false"))) {
      int size = SHAPE.size();
      float[] mixed = new float[batch * size];
      for (int b = 0; b < batch; b++) {
        for (int c = 0; c < batch; c++) {
          for (int p = 0; p < size; p++) {
            mixed[b * size + p] += m[b * batch + c] * pixels[c * size + p];
          }
        }
      }
      float[] scores = net.scores(mixed, batch);
      double expected = 0;
      for (int b = 0; b < batch; b++) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < CLASSES; c++) {
          max = Math.max(max, scores[b * CLASSES + c]);
        }
        double z = 0;
        for (int c = 0; c < CLASSES; c++) {
          z += Math.exp(scores[b * CLASSES + c] - max);
        }
        for (int c = 0; c < batch; c++) {
          double logp = scores[b * CLASSES + labels[c]] - max - Math.log(z);
          expected -= m[b * batch + c] * logp;
        }
      }
      expected /= batch;
      assertEquals(expected, net.history().get(0).trainLoss(), 1e-4 * expected);
    }
  }
}
