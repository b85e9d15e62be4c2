package org.ecoc4j.defenses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.defense.Defense;
import org.ecoc4j.api.defense.PreparedDefense;
import org.ecoc4j.backends.onnx.autodiff.Differentiator;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;
import org.ecoc4j.backends.onnx.graph.TensorInfo;
import org.ecoc4j.backends.onnx.training.LossGraph;
import org.ecoc4j.backends.onnx.training.LossTensors;
import org.ecoc4j.backends.ort.HostTensor;
import org.ecoc4j.backends.ort.InferenceSession;
import org.ecoc4j.backends.ort.NativeTensor;
import org.ecoc4j.backends.ort.OrtSettings;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The losses of {@code error-detecting} (CRC7, 10 classes, K = 10; the paper's Zadeh loss, its
 * comparisons per-bit BCE and MSE, and cross-entropy over codeword correlations) compiled through the ONNX path
 * ({@link LossGraph}, the reverse-mode {@link Differentiator}) and run by ONNX Runtime on a fixed
 * batch of outputs: their per-sample values equal the paper's formulas evaluated in Java, and
 * their gradients with respect to the outputs equal central finite differences; the Zadeh loss's
 * gradient is non-zero on the worst bit only.
 */
class ErrorDetectingLossTest {

  static {
    // the defenses' module reads neither the graph builder's nor the runtime's; only tests use them
    for (String name : List.of("ecoc4j.backends.onnx", "ecoc4j.backends.ort")) {
      ErrorDetectingLossTest.class.getModule().addReads(
          ModuleLayer.boot().findModule(name).orElseThrow());
    }
  }

  private static final int CLASSES = 10;
  private static final int BATCH = 6;
  private static final int[] LABELS = {0, 3, 5, 9, 7, 2};
  private static final double STEP = 1e-2;

  /**
   * Outputs whose magnitudes are distinct and at least 0.25 apart within each sample, so that the
   * worst bit of the Zadeh loss is unique and no finite-difference step crosses the minimum's kink.
   */
  private static float[] outputs(int length, long seed) {
    Random random = new Random(seed);
    float[] o = new float[BATCH * length];
    for (int b = 0; b < BATCH; b++) {
      List<Integer> ranks = new ArrayList<>();
      for (int j = 0; j < length; j++) {
        ranks.add(j);
      }
      Collections.shuffle(ranks, random);
      for (int j = 0; j < length; j++) {
        float magnitude = 0.1f + 0.25f * ranks.get(j);
        o[b * length + j] = random.nextBoolean() ? magnitude : -magnitude;
      }
    }
    return o;
  }

  private static PreparedDefense prepare(String loss) {
    return Plugins.find(Defense.class, "error-detecting")
        .prepare(CLASSES, 3, Map.of("loss", loss), Plugins::find);
  }

  /** The paper's formulas, in double, from the outputs: per-bit truth t_j = y_j or 1 - y_j. */
  private static double expected(String loss, Codebook book, float[] o, int b) {
    int k = book.length();
    double min = 1;
    double bce = 0;
    double mse = 0;
    double[] correlations = new double[CLASSES];
    for (int j = 0; j < k; j++) {
      double y = 1 / (1 + Math.exp(-o[b * k + j]));
      boolean one = book.bit(LABELS[b], j) > 0;
      double truth = one ? y : 1 - y;
      min = Math.min(min, truth);
      bce -= Math.log(truth);
      mse += (y - (one ? 1 : 0)) * (y - (one ? 1 : 0));
      for (int c = 0; c < CLASSES; c++) {
        correlations[c] += o[b * k + j] * book.bit(c, j);
      }
    }
    double logSum = 0;
    for (double z : correlations) {
      logSum += Math.exp(z);
    }
    return switch (loss) {
      case "zadeh" -> 1 - min;
      case "bce" -> bce / k;
      case "mse" -> mse / k;
      case "softmax" -> Math.log(logSum) - correlations[LABELS[b]];
      default -> throw new IllegalArgumentException(loss);
    };
  }

  @ParameterizedTest(name = "loss={0}")
  @ValueSource(strings = {"zadeh", "bce", "mse", "softmax"})
  void lossEqualsTheFormulaAndItsGradientEqualsFiniteDifferences(String lossName) {
    PreparedDefense d = prepare(lossName);
    Codebook book = d.codebooks().get(0);
    int k = book.length();
    assertEquals(10, k, "CRC7 for 10 classes is the (10, 4) code");
    GraphBuilder g = new GraphBuilder();
    g.input("scores", TensorInfo.floats(BATCH, k));
    g.input("labels", TensorInfo.longs(BATCH));
    LossTensors loss =
        LossGraph.append(g, d.loss(), d.model("lenet", new ImageShape(1, 12, 12)), "scores",
            "labels");
    String total = g.reduceSum(loss.perSample(), false);
    Map<String, String> gradients =
        Differentiator.standard().differentiate(g, total, List.of("scores"), n -> n + "_gradient");
    g.output(g.identityNamed(loss.perSample(), "per_sample"));
    g.output(g.identityNamed(total, "total"));
    String gradientName = gradients.get("scores");
    g.output(gradientName);
    byte[] model = g.model("error_detecting_loss").toByteArray();

    float[] o = outputs(k, 17);
    long[] labels = new long[BATCH];
    for (int b = 0; b < BATCH; b++) {
      labels[b] = LABELS[b];
    }
    Map<String, NativeTensor> feeds = new LinkedHashMap<>();
    try (InferenceSession session = new InferenceSession(model, OrtSettings.cpu())) {
      feeds.put("scores", NativeTensor.floats(o, BATCH, k));
      feeds.put("labels", NativeTensor.longs(labels, BATCH));
      List<HostTensor> out = session.run(feeds, List.of("per_sample", gradientName));
      float[] perSample = out.get(0).values();
      float[] gradient = out.get(1).values();
      for (int b = 0; b < BATCH; b++) {
        assertEquals(expected(lossName, book, o, b), perSample[b], 1e-5, "sample " + b);
      }
      float[] shifted = o.clone();
      NativeTensor scores = feeds.get("scores");
      for (int i = 0; i < o.length; i++) {
        shifted[i] = (float) (o[i] + STEP);
        scores.copyFrom(shifted);
        double plus = session.run(feeds, List.of("total")).get(0).scalar();
        shifted[i] = (float) (o[i] - STEP);
        scores.copyFrom(shifted);
        double minus = session.run(feeds, List.of("total")).get(0).scalar();
        shifted[i] = o[i];
        scores.copyFrom(shifted);
        double numeric = (plus - minus) / (2 * STEP);
        assertEquals(numeric, gradient[i], 1e-3 + 1e-2 * Math.abs(numeric),
            lossName + ": d loss / d o[" + i + "]");
      }
      if (lossName.equals("zadeh")) {
        assertGradientOnWorstBitOnly(book, o, gradient);
      }
    } finally {
      feeds.values().forEach(NativeTensor::close);
    }
  }

  /** Each sample's Zadeh gradient is non-zero exactly on its bit of smallest truth. */
  private static void assertGradientOnWorstBitOnly(Codebook book, float[] o, float[] gradient) {
    int k = book.length();
    for (int b = 0; b < BATCH; b++) {
      int worst = 0;
      double smallest = Double.POSITIVE_INFINITY;
      for (int j = 0; j < k; j++) {
        double margin = book.bit(LABELS[b], j) * o[b * k + j];
        if (margin < smallest) {
          smallest = margin;
          worst = j;
        }
      }
      for (int j = 0; j < k; j++) {
        float gj = gradient[b * k + j];
        if (j == worst) {
          assertTrue(gj != 0f, "sample " + b + ": no gradient on the worst bit " + j);
          assertEquals(-book.bit(LABELS[b], j) > 0, gj > 0,
              "sample " + b + ": the gradient pushes the worst bit towards its codeword bit");
        } else {
          assertEquals(0.0, Math.abs(gj), "sample " + b + " bit " + j);
        }
      }
    }
  }
}
