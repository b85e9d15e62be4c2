package org.ecoc4j.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.ecoc4j.api.attack.Objective;
import org.ecoc4j.api.backend.Backend;
import org.ecoc4j.api.backend.GradientOracle;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.backend.TrainedNetwork;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.data.Split;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The built-in objectives ({@code loss}, {@code cross-entropy}, {@code margin}, {@code dlr},
 * {@code dlr-targeted}, {@code codeword-margin}) compiled by the ort backend, on lenet after one epoch: their values
 * equal the same formulas evaluated in Java from the network's scores, and their input gradients
 * match central finite differences of each sample's value.
 */
class ObjectiveGradientTest {

  private static final ImageShape SHAPE = new ImageShape(1, 16, 16);
  private static final int CLASSES = 4;
  private static final int BATCH = 6;
  private static final int[][] CODEWORDS = {
    {1, 1, 1, -1, -1, -1}, {1, -1, -1, 1, 1, -1}, {-1, 1, -1, 1, -1, 1}, {-1, -1, 1, -1, 1, 1}
  };

  private static TrainedNetwork coded;
  private static TrainedNetwork oneHot;
  private static float[] images;
  private static int[] labels;

  @BeforeAll
  static void train() {
    Random random = new Random(5);
    int count = 64;
    float[] data = new float[count * SHAPE.size()];
    int[] classes = new int[count];
    for (int b = 0; b < count; b++) {
      classes[b] = b % CLASSES;
      for (int i = 0; i < SHAPE.size(); i++) {
        data[b * SHAPE.size() + i] = random.nextFloat() * (0.5f + 0.15f * classes[b]);
      }
    }
    Split train = Split.inMemory("train", SHAPE, CLASSES, data, classes);
    Backend ort = Plugins.find(Backend.class, "ort");
    Map<String, String> quiet = Map.of("progress", "false");
    coded = ort.train(new ModelSpec("lenet", SHAPE, 6, 2),
        LossSpec.tanhSquaredError(List.of(Codebook.of(CODEWORDS), Codebook.of(CODEWORDS))),
        TrainingConfig.adamW(1, 16, 3), train, null, quiet);
    oneHot = ort.train(new ModelSpec("lenet", SHAPE, CLASSES, 1), LossSpec.crossEntropy(CLASSES),
        TrainingConfig.adamW(1, 16, 3), train, null, quiet);
    images = Arrays.copyOf(data, BATCH * SHAPE.size());
    labels = Arrays.copyOf(classes, BATCH);
  }

  @AfterAll
  static void close() {
    coded.close();
    oneHot.close();
  }

  @Test
  void valuesFollowTheirFormulasOnCodewordScores() {
    float[] outputs = coded.scores(images, BATCH);
    double[][] scores = new double[BATCH][CLASSES];
    for (int b = 0; b < BATCH; b++) {
      for (int c = 0; c < CLASSES; c++) {
        for (int m = 0; m < 2; m++) {
          for (int j = 0; j < 6; j++) {
            scores[b][c] += outputs[b * 12 + m * 6 + j] * CODEWORDS[c][j];
          }
        }
      }
    }
    float[] margin = values(coded, "margin");
    float[] crossEntropy = values(coded, "cross-entropy");
    float[] loss = values(coded, "loss");
    float[] dlr = values(coded, "dlr");
    float[] dlrTargeted = values(coded, "dlr-targeted");
    float[] codewordMargin = values(coded, "codeword-margin");
    for (int b = 0; b < BATCH; b++) {
      int y = labels[b];
      double[] agreement = new double[CLASSES];
      for (int c = 0; c < CLASSES; c++) {
        agreement[c] = Double.POSITIVE_INFINITY;
        for (int i = 0; i < 12; i++) {
          agreement[c] = Math.min(agreement[c], outputs[b * 12 + i] * CODEWORDS[c][i % 6]);
        }
      }
      double bestAgreement = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < CLASSES; c++) {
        bestAgreement = c == y ? bestAgreement : Math.max(bestAgreement, agreement[c]);
      }
      assertEquals(bestAgreement - agreement[y], codewordMargin[b], 1e-4, "codeword-margin " + b);
      double best = Double.NEGATIVE_INFINITY;
      double logSum = 0;
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < CLASSES; c++) {
        max = Math.max(max, scores[b][c]);
        if (c != y) {
          best = Math.max(best, scores[b][c]);
        }
      }
      for (int c = 0; c < CLASSES; c++) {
        logSum += Math.exp(scores[b][c] - max);
      }
      double squared = 0;
      for (int m = 0; m < 2; m++) {
        for (int j = 0; j < 6; j++) {
          double d = Math.tanh(outputs[b * 12 + m * 6 + j]) - CODEWORDS[y][j];
          squared += d * d;
        }
      }
      assertEquals(best - scores[b][y], margin[b], 1e-4, "margin of sample " + b);
      assertEquals(max + Math.log(logSum) - scores[b][y], crossEntropy[b], 1e-4, "CE " + b);
      assertEquals(squared / 12, loss[b], 1e-5, "training loss of sample " + b);
      double[] sorted = scores[b].clone();
      Arrays.sort(sorted);
      double dlrValue = (best - scores[b][y]) / (sorted[3] - sorted[1]);
      double targetedValue = (best - scores[b][y]) / (sorted[3] - (sorted[1] + sorted[0]) / 2);
      assertEquals(dlrValue, dlr[b], 1e-4 * Math.max(1, Math.abs(dlrValue)), "dlr " + b);
      assertEquals(targetedValue, dlrTargeted[b], 1e-4 * Math.max(1, Math.abs(targetedValue)),
          "dlr-targeted " + b);
    }
  }

  @Test
  void crossEntropyOfAOneHotModelIsItsTrainingLoss() {
    float[] loss = values(oneHot, "loss");
    float[] crossEntropy = values(oneHot, "cross-entropy");
    for (int b = 0; b < BATCH; b++) {
      assertEquals(loss[b], crossEntropy[b], 1e-5, "sample " + b);
    }
  }

  @Test
  void codewordMarginGradientsMatchFiniteDifferencesAndNeedCodewords() {
    check(coded, Plugins.find(Objective.class, "codeword-margin"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> values(oneHot, "codeword-margin"));
    assertTrue(e.getMessage().contains("cross-entropy has no codewords"), e.getMessage());
  }

  @Test
  void gradientsMatchFiniteDifferences() {
    for (String name : List.of("loss", "cross-entropy", "margin", "dlr", "dlr-targeted")) {
      for (TrainedNetwork network : List.of(coded, oneHot)) {
        check(network, Plugins.find(Objective.class, name));
      }
    }
  }

  private static void check(TrainedNetwork network, Objective objective) {
    int size = SHAPE.size();
    try (GradientOracle oracle = network.gradientOracle(BATCH, objective)) {
      float[] losses = new float[BATCH];
      float[] gradient = new float[images.length];
      oracle.lossAndGradient(images, labels, losses, gradient);
      float[] plus = new float[BATCH];
      float[] minus = new float[BATCH];
      float[] scratch = new float[images.length];
      double h = 1e-3;
      boolean nonZero = false;
      for (int probe = 0; probe < 10; probe++) {
        int sample = probe % BATCH;
        int pixel = (probe * 53 + 17) % size;
        int index = sample * size + pixel;
        float[] shifted = images.clone();
        shifted[index] = (float) (images[index] + h);
        oracle.lossAndGradient(shifted, labels, plus, scratch);
        shifted[index] = (float) (images[index] - h);
        oracle.lossAndGradient(shifted, labels, minus, scratch);
        double numeric = (plus[sample] - (double) minus[sample]) / (2 * h);
        assertEquals(numeric, gradient[index], 5e-3 + 3e-2 * Math.abs(numeric),
            objective.name() + " pixel " + index);
      }
      for (float g : gradient) {
        nonZero |= g != 0;
      }
      assertTrue(nonZero, objective.name() + ": gradient is all zero");
    }
  }

  private static float[] values(TrainedNetwork network, String objective) {
    try (GradientOracle oracle =
        network.gradientOracle(BATCH, Plugins.find(Objective.class, objective))) {
      float[] losses = new float[BATCH];
      oracle.lossAndGradient(images, labels, losses, new float[images.length]);
      return losses;
    }
  }
}
