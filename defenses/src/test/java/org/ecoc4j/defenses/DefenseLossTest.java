package org.ecoc4j.defenses;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.ecoc4j.api.attack.Objective;
import org.ecoc4j.api.backend.Backend;
import org.ecoc4j.api.backend.GradientOracle;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.backend.TrainedNetwork;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.data.Split;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.defense.Defense;
import org.ecoc4j.api.defense.PreparedDefense;
import org.ecoc4j.api.plugin.OptionSpec;
import org.ecoc4j.api.symbolic.Term;
import org.ecoc4j.api.symbolic.Terms;
import org.junit.jupiter.api.Test;

/**
 * The losses the defenses write with terms, compiled and trained by the ort backend on lenet for
 * one epoch: their per-sample values equal the papers' formulas evaluated in Java from the
 * network's outputs, and each design's class scores equal the backend's own class scores.
 */
class DefenseLossTest {

  private static final ImageShape SHAPE = new ImageShape(1, 16, 16);
  private static final int CLASSES = 4;
  private static final int BATCH = 6;

  private static Split data() {
    Random random = new Random(5);
    int count = 64;
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

  private static Objective objective(Function<Terms, Term> f) {
    return new Objective() {
      @Override
      public String name() {
        return "test";
      }

      @Override
      public String description() {
        return "an objective of the test";
      }

      @Override
      public List<OptionSpec> options() {
        return List.of();
      }

      @Override
      public Term loss(Terms terms) {
        return f.apply(terms);
      }
    };
  }

  /** Per-sample values of {@code f} on the first samples of the data. */
  private static float[] values(TrainedNetwork net, Split data, Function<Terms, Term> f) {
    float[] images = new float[BATCH * SHAPE.size()];
    int[] labels = new int[BATCH];
    for (int b = 0; b < BATCH; b++) {
      data.copyImage(b, images, b * SHAPE.size());
      labels[b] = data.label(b);
    }
    float[] losses = new float[BATCH];
    try (GradientOracle oracle = net.gradientOracle(BATCH, objective(f))) {
      oracle.lossAndGradient(images, labels, losses, new float[images.length]);
    }
    return losses;
  }

  private static TrainedNetwork train(PreparedDefense d, Split data) {
    return Plugins.find(Backend.class, "ort")
        .train(d.model("lenet", SHAPE), d.loss(), TrainingConfig.adamW(1, 16, 3), data, null,
            Map.of("progress", "false"));
  }

  private static float[] outputs(TrainedNetwork net, Split data) {
    float[] images = new float[BATCH * SHAPE.size()];
    for (int b = 0; b < BATCH; b++) {
      data.copyImage(b, images, b * SHAPE.size());
    }
    return net.scores(images, BATCH);
  }

  @Test
  void randomBinaryEnsembleLossIsEq3SquaredNormMinusEnsembleEntropyAtTemperatureT() {
    PreparedDefense d =
        Plugins.find(Defense.class, "random-binary-ensemble")
            .prepare(CLASSES, 11, Map.of("code-length", "8", "entropy-weight", "0.7", "temperature", "0.5"),
                Plugins::find);
    Split data = data();
    try (TrainedNetwork net = train(d, data)) {
      float[] o = outputs(net, data);
      float[] loss = values(net, data, Terms::trainingLoss);
      List<Codebook> books = d.codebooks();
      int k = 8;
      int m = books.size();
      for (int b = 0; b < BATCH; b++) {
        int y = data.label(b);
        double squaredNorm = 0;
        double[] mean = new double[CLASSES];
        for (int member = 0; member < m; member++) {
          double[] corr = new double[CLASSES];
          for (int j = 0; j < k; j++) {
            double t = Math.tanh(o[b * m * k + member * k + j]);
            double diff = t - books.get(member).bit(y, j);
            squaredNorm += diff * diff;
            for (int c = 0; c < CLASSES; c++) {
              corr[c] += books.get(member).bit(c, j) * t / 0.5;
            }
          }
          double[] p = softmax(corr);
          for (int c = 0; c < CLASSES; c++) {
            mean[c] += p[c] / m;
          }
        }
        double entropy = entropy(mean);
        assertEquals(squaredNorm - 0.7 * entropy, loss[b], 1e-4, "sample " + b);
      }
      assertClassScoresMatch(d, net, data);
    }
  }

  /**
   * Eq. 3's reduction: with {@code bit-reduction=sum} each member's squared error is the squared
   * norm over its K bits, K times the mean; the ensemble entropy is the same under both, so the
   * two losses differ by exactly (K - 1) times the members' mean squared errors.
   */
  @Test
  void bitReductionSumIsKTimesTheMeanOnTheSquaredErrorPart() {
    int k = 8;
    Map<String, String> common =
        Map.of("code-length", Integer.toString(k), "entropy-weight", "0.7");
    Defense rbe = Plugins.find(Defense.class, "random-binary-ensemble");
    Map<String, String> meanOptions = new java.util.HashMap<>(common);
    meanOptions.put("bit-reduction", "mean");
    PreparedDefense sum = rbe.prepare(CLASSES, 11, common, Plugins::find);
    PreparedDefense mean = rbe.prepare(CLASSES, 11, meanOptions, Plugins::find);
    assertEquals(mean.codebooks(), sum.codebooks());
    Split data = data();
    try (TrainedNetwork net = train(mean, data)) {
      float[] o = outputs(net, data);
      float[] sumLoss = values(net, data, t -> sum.loss().termLoss().orElseThrow().perSample(t));
      float[] meanLoss =
          values(net, data, t -> mean.loss().termLoss().orElseThrow().perSample(t));
      List<Codebook> books = mean.codebooks();
      int m = books.size();
      for (int b = 0; b < BATCH; b++) {
        double norms = 0;
        for (int member = 0; member < m; member++) {
          for (int j = 0; j < k; j++) {
            double diff =
                Math.tanh(o[b * m * k + member * k + j]) - books.get(member).bit(data.label(b), j);
            norms += diff * diff;
          }
        }
        assertEquals(norms * (k - 1) / k, sumLoss[b] - meanLoss[b], 1e-4, "sample " + b);
      }
    }
    Map<String, String> noEntropy = Map.of("code-length", Integer.toString(k), "entropy-weight",
        "0", "bit-reduction", "sum");
    PreparedDefense sumOnly = rbe.prepare(CLASSES, 11, noEntropy, Plugins::find);
    Map<String, String> meanOnlyOptions = new java.util.HashMap<>(noEntropy);
    meanOnlyOptions.put("bit-reduction", "mean");
    PreparedDefense meanOnly = rbe.prepare(CLASSES, 11, meanOnlyOptions, Plugins::find);
    try (TrainedNetwork net = train(meanOnly, data)) {
      float[] sumLoss =
          values(net, data, t -> sumOnly.loss().termLoss().orElseThrow().perSample(t));
      float[] meanLoss =
          values(net, data, t -> meanOnly.loss().termLoss().orElseThrow().perSample(t));
      for (int b = 0; b < BATCH; b++) {
        assertEquals(k * meanLoss[b], sumLoss[b], 1e-5 * k, "sample " + b);
      }
    }
  }

  @Test
  void adpLossIsCrossEntropyMinusEntropyMinusLogDiversity() {
    PreparedDefense d =
        Plugins.find(Defense.class, "adp").prepare(CLASSES, 11, Map.of(), Plugins::find);
    Split data = data();
    try (TrainedNetwork net = train(d, data)) {
      float[] o = outputs(net, data);
      float[] loss = values(net, data, Terms::trainingLoss);
      int m = 3;
      for (int b = 0; b < BATCH; b++) {
        int y = data.label(b);
        double ce = 0;
        double[] mean = new double[CLASSES];
        double[][] u = new double[m][];
        for (int member = 0; member < m; member++) {
          double[] p = softmax(logits(o, b, m, member));
          ce -= Math.log(p[y]);
          double norm = 0;
          for (int c = 0; c < CLASSES; c++) {
            mean[c] += p[c] / m;
            norm += c == y ? 0 : p[c] * p[c];
          }
          u[member] = new double[CLASSES];
          for (int c = 0; c < CLASSES; c++) {
            u[member][c] = c == y ? 0 : p[c] / Math.sqrt(norm + 1e-12);
          }
        }
        double entropy = entropy(mean);
        double[][] g = new double[m][m];
        for (int i = 0; i < m; i++) {
          for (int j = 0; j < m; j++) {
            for (int c = 0; c < CLASSES; c++) {
              g[i][j] += u[i][c] * u[j][c];
            }
            g[i][j] += i == j ? 1e-6 : 0;
          }
        }
        double det =
            g[0][0] * (g[1][1] * g[2][2] - g[1][2] * g[2][1])
                - g[0][1] * (g[1][0] * g[2][2] - g[1][2] * g[2][0])
                + g[0][2] * (g[1][0] * g[2][1] - g[1][1] * g[2][0]);
        double expected = ce - 2 * entropy - 0.5 * Math.log(det);
        assertEquals(expected, loss[b], 2e-3 * Math.max(1, Math.abs(expected)), "sample " + b);
      }
      assertClassScoresMatch(d, net, data);
    }
  }

  @Test
  void oneHotLossIsCrossEntropy() {
    PreparedDefense d =
        Plugins.find(Defense.class, "one-hot").prepare(CLASSES, 1, Map.of(), Plugins::find);
    Split data = data();
    try (TrainedNetwork net = train(d, data)) {
      float[] o = outputs(net, data);
      float[] loss = values(net, data, Terms::trainingLoss);
      for (int b = 0; b < BATCH; b++) {
        double[] p = softmax(logits(o, b, 1, 0));
        assertEquals(-Math.log(p[data.label(b)]), loss[b], 1e-4, "sample " + b);
      }
      assertClassScoresMatch(d, net, data);
    }
  }

  /** Every class score of the design equals the backend's class score. */
  private static void assertClassScoresMatch(
      PreparedDefense d, TrainedNetwork net, Split data) {
    for (int c = 0; c < CLASSES; c++) {
      int at = c;
      float[] mine = values(net, data, t -> t.project(d.classScores(t), unit(at), 1));
      float[] backend = values(net, data, t -> t.project(t.classScores(), unit(at), 1));
      for (int b = 0; b < BATCH; b++) {
        assertEquals(backend[b], mine[b], 1e-4 * Math.max(1, Math.abs(backend[b])),
            d.name() + " class " + c + " sample " + b);
      }
    }
  }

  private static float[] unit(int c) {
    float[] column = new float[CLASSES];
    column[c] = 1f;
    return column;
  }

  /** Member {@code member}'s logits of sample {@code b} in member-major network outputs. */
  private static double[] logits(float[] outputs, int b, int members, int member) {
    double[] logits = new double[CLASSES];
    for (int c = 0; c < CLASSES; c++) {
      logits[c] = outputs[b * members * CLASSES + member * CLASSES + c];
    }
    return logits;
  }

  /** The entropy {@code -sum p log(p + 1e-20)}, with the defenses' offset inside the log. */
  private static double entropy(double[] p) {
    double entropy = 0;
    for (double v : p) {
      entropy -= v * Math.log(v + 1e-20);
    }
    return entropy;
  }

  private static double[] softmax(double[] x) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : x) {
      max = Math.max(max, v);
    }
    double sum = 0;
    double[] p = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      p[i] = Math.exp(x[i] - max);
      sum += p[i];
    }
    for (int i = 0; i < x.length; i++) {
      p[i] /= sum;
    }
    return p;
  }
}
