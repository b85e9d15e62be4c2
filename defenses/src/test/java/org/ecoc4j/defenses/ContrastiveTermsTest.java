package org.ecoc4j.defenses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.ecoc4j.api.symbolic.Term;
import org.ecoc4j.api.symbolic.Terms;
import org.ecoc4j.testkit.ArrayTerms;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The contrastive ECOC losses ({@link ContrastiveTerms}) evaluated on a tiny random batch equal
 * the paper's equations computed by hand in Java, sample by sample.
 */
class ContrastiveTermsTest {

  private static final int CLASSES = 3;
  private static final int K = 4;
  private static final float TAU = 0.5f;

  private static double[][] random(int rows, int width, long seed) {
    Random random = new Random(seed);
    double[][] out = new double[rows][width];
    for (double[] row : out) {
      for (int j = 0; j < width; j++) {
        // float values, as the network gives them
        row[j] = (float) random.nextGaussian();
      }
    }
    return out;
  }

  private static double cos(double[] a, double[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int j = 0; j < a.length; j++) {
      dot += a[j] * b[j];
      na += a[j] * a[j];
      nb += b[j] * b[j];
    }
    return dot / Math.sqrt(na * nb);
  }

  private static double[] column(double[][] c, int j) {
    double[] out = new double[c.length];
    for (int i = 0; i < c.length; i++) {
      out[i] = c[i][j];
    }
    return out;
  }

  private static double[][] classMeans(double[][] c, int[] labels) {
    double[][] means = new double[CLASSES][K];
    int[] counts = new int[CLASSES];
    for (int i = 0; i < c.length; i++) {
      counts[labels[i]]++;
      for (int j = 0; j < K; j++) {
        means[labels[i]][j] += c[i][j];
      }
    }
    for (int k = 0; k < CLASSES; k++) {
      for (int j = 0; j < K; j++) {
        means[k][j] /= counts[k];
      }
    }
    return means;
  }

  private static double[] run(double[][] c, int[] labels, java.util.function.Function<Terms, Term> f) {
    double[][] v = ArrayTerms.values(f.apply(ArrayTerms.withClasses(c, labels, CLASSES)));
    double[] out = new double[c.length];
    for (int i = 0; i < c.length; i++) {
      out[i] = v[v.length == 1 ? 0 : i][0];
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void infoNceIsEq2WithTheOtherViewAsPositive(long seed) {
    int images = 3;
    double[][] z = random(2 * images, K, seed);
    int[] labels = {0, 1, 2, 0, 1, 2};
    double[] loss = run(z, labels, t -> ContrastiveTerms.infoNce(t, t.outputs(), images, TAU));
    for (int i = 0; i < 2 * images; i++) {
      int p = (i + images) % (2 * images);
      double denominator = 0;
      for (int k = 0; k < 2 * images; k++) {
        if (k != i) {
          denominator += Math.exp(cos(z[i], z[k]) / TAU);
        }
      }
      double expected = -Math.log(Math.exp(cos(z[i], z[p]) / TAU) / denominator);
      assertEquals(expected, loss[i], 1e-9, "row " + i);
    }
  }

  @Test
  void infoNceRefusesABatchOfOneImage() {
    double[][] z = random(2, K, 4);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class,
            () -> run(z, new int[] {0, 0}, t -> ContrastiveTerms.infoNce(t, t.outputs(), 1, TAU)));
    assertTrue(e.getMessage().contains("at least 2 images"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(longs = {5, 6})
  void columnSeparationIsEq1OverDistinctPairsOfColumns(long seed) {
    double[][] c = random(5, K, seed);
    double expected = 0;
    for (int j = 0; j < K; j++) {
      for (int k = j + 1; k < K; k++) {
        expected += cos(column(c, j), column(c, k));
      }
    }
    double[] loss = run(c, new int[] {0, 1, 2, 0, 1}, t -> ContrastiveTerms.columnSeparation(t,
        t.outputs()));
    for (double v : loss) {
      assertEquals(expected, v, 1e-9);
    }
  }

  @Test
  void batchClassMeansAreEq3AndAnAbsentClassIsLeftOut() {
    double[][] c = random(5, K, 7);
    int[] labels = {0, 2, 0, 2, 2};
    double[][] means = ArrayTerms.values(
        ContrastiveTerms.batchClassMeans(ArrayTerms.withClasses(c, labels, CLASSES),
            ArrayTerms.withClasses(c, labels, CLASSES).outputs()));
    double[][] expected = {new double[K], new double[K], new double[K]};
    for (int j = 0; j < K; j++) {
      expected[0][j] = (c[0][j] + c[2][j]) / 2;
      expected[2][j] = (c[1][j] + c[3][j] + c[4][j]) / 3;
    }
    for (int k = 0; k < CLASSES; k++) {
      for (int j = 0; j < K; j++) {
        assertEquals(expected[k][j], means[k][j], 1e-12, "class " + k + ", position " + j);
      }
    }
    double[][] present =
        ArrayTerms.values(ContrastiveTerms.presentClasses(ArrayTerms.withClasses(c, labels, CLASSES)));
    assertEquals(1, present[0][0]);
    assertEquals(0, present[0][1]);
    assertEquals(1, present[0][2]);
  }

  @ParameterizedTest
  @ValueSource(longs = {8, 9})
  void crossEntropyHingeAndRowSeparationAreEq6Eq7AndEq4AgainstAFixedTable(long seed) {
    double[][] c = random(6, K, seed);
    double[][] table = random(CLASSES, K, seed + 100);
    float[] flat = new float[CLASSES * K];
    for (int k = 0; k < CLASSES; k++) {
      for (int j = 0; j < K; j++) {
        flat[k * K + j] = (float) table[k][j];
      }
    }
    int[] labels = {0, 1, 2, 2, 1, 0};
    java.util.function.Function<Terms, Term> codes = t -> t.matrix(flat, CLASSES, K);
    double[] ce = run(c, labels, t -> ContrastiveTerms.crossEntropy(t, t.outputs(),
        codes.apply(t), t.constant(1f)));
    double[] hinge = run(c, labels, t -> ContrastiveTerms.hinge(t, t.outputs(), codes.apply(t)));
    double[] rsl = run(c, labels, t -> ContrastiveTerms.rowSeparation(t, t.outputs(),
        codes.apply(t), t.constant(1f), TAU));
    for (int i = 0; i < c.length; i++) {
      int y = labels[i];
      double all = 0;
      double others = 0;
      for (int k = 0; k < CLASSES; k++) {
        all += Math.exp(cos(c[i], table[k]));
        if (k != y) {
          others += Math.exp(cos(c[i], table[k]) / TAU);
        }
      }
      double p = Math.exp(cos(c[i], table[y])) / all;
      assertEquals(-Math.log(p), ce[i], 1e-9, "Eq. 6, sample " + i);
      assertEquals(Math.max(0.5 - cos(c[i], table[y]), 0), hinge[i], 1e-9, "Eq. 7, sample " + i);
      assertEquals(-Math.log(Math.exp(cos(c[i], table[y]) / TAU) / others), rsl[i], 1e-9,
          "Eq. 4, sample " + i);
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {10, 11})
  void maxCosineIsEq10OverTheBatchClassMeans(long seed) {
    double[][] c = random(6, K, seed);
    int[] labels = {0, 1, 2, 2, 1, 0};
    double[][] means = classMeans(c, labels);
    double expected = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < CLASSES; i++) {
      for (int j = 0; j < CLASSES; j++) {
        if (i != j) {
          expected = Math.max(expected, cos(means[i], means[j]));
        }
      }
    }
    double[] loss = run(c, labels, t -> ContrastiveTerms.maxCosine(t,
        ContrastiveTerms.batchClassMeans(t, t.outputs()), ContrastiveTerms.presentClasses(t)));
    for (double v : loss) {
      assertEquals(expected, v, 1e-9);
    }
  }

  @Test
  void maxCosineLeavesOutAClassAbsentFromTheBatch() {
    double[][] c = random(4, K, 12);
    int[] labels = {0, 2, 0, 2};
    double[][] means = classMeans(c, labels);
    double[] loss = run(c, labels, t -> ContrastiveTerms.maxCosine(t,
        ContrastiveTerms.batchClassMeans(t, t.outputs()), ContrastiveTerms.presentClasses(t)));
    assertEquals(cos(means[0], means[2]), loss[0], 1e-9);
  }

  private static double[] stageLoss(org.ecoc4j.api.backend.LossSpec loss, double[][] c,
      int[] labels) {
    return run(c, labels, t -> loss.termLoss().orElseThrow().perSample(t));
  }

  @ParameterizedTest
  @ValueSource(longs = {13, 14})
  void stageLossesAreEq8Eq9AndEq11OfTheirTerms(long seed) {
    int images = 3;
    double[][] c = random(2 * images, K, seed);
    int[] labels = {0, 1, 2, 0, 1, 2};
    double[] pretrain = stageLoss(
        ContrastiveLosses.pretraining(CLASSES, K, images, TAU, 0.25f, false), c, labels);
    double[] info = run(c, labels, t -> ContrastiveTerms.infoNce(t, t.outputs(), images, TAU));
    double[] csl = run(c, labels, t -> ContrastiveTerms.columnSeparation(t, t.outputs()));
    double[][] means = classMeans(c, labels);
    double[] eq9 = stageLoss(ContrastiveLosses.onBatchMeans(CLASSES, K, TAU, false), c, labels);
    double[] eq11 = stageLoss(ContrastiveLosses.onBatchMeans(CLASSES, K, TAU, true), c, labels);
    double maxCos = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < CLASSES; i++) {
      for (int j = 0; j < CLASSES; j++) {
        if (i != j) {
          maxCos = Math.max(maxCos, cos(means[i], means[j]));
        }
      }
    }
    for (int i = 0; i < c.length; i++) {
      assertEquals(info[i] + 0.25 * csl[i], pretrain[i], 1e-9, "Eq. 8, row " + i);
      int y = labels[i];
      double all = 0;
      double others = 0;
      for (int k = 0; k < CLASSES; k++) {
        all += Math.exp(cos(c[i], means[k]));
        if (k != y) {
          others += Math.exp(cos(c[i], means[k]) / TAU);
        }
      }
      double own = cos(c[i], means[y]);
      double expected = -Math.log(Math.exp(own) / all) + Math.max(0.5 - own, 0)
          - Math.log(Math.exp(own / TAU) / others);
      assertEquals(expected, eq9[i], 1e-9, "Eq. 9, row " + i);
      assertEquals(expected + maxCos, eq11[i], 1e-9, "Eq. 11, row " + i);
    }
  }

  /** InfoNCE (Eq. 2) of row {@code i} of two views of {@code images} images, by hand. */
  private static double infoNceByHand(double[][] z, int i, int images) {
    double denominator = 0;
    for (int k = 0; k < z.length; k++) {
      if (k != i) {
        denominator += Math.exp(cos(z[i], z[k]) / TAU);
      }
    }
    return -Math.log(Math.exp(cos(z[i], z[(i + images) % z.length]) / TAU) / denominator);
  }

  @ParameterizedTest
  @ValueSource(longs = {15, 16})
  void withAHeadInfoNceReadsTheProjectionAndColumnSeparationTheEncoder(long seed) {
    int images = 3;
    double[][] c = random(2 * images, K, seed);
    double[][] z = random(2 * images, 5, seed + 100);
    int[] labels = {0, 1, 2, 0, 1, 2};
    Terms terms = ArrayTerms.withClasses(c, labels, CLASSES).withProjection(z);
    double[][] eq8 = ArrayTerms.values(ContrastiveLosses.pretraining(CLASSES, K, images, TAU,
        0.25f, true).termLoss().orElseThrow().perSample(terms));
    double[][] simclr = ArrayTerms.values(ContrastiveLosses.simclr(CLASSES, images, TAU, true)
        .termLoss().orElseThrow().perSample(terms));
    double csl = 0;
    for (int j = 0; j < K; j++) {
      for (int k = j + 1; k < K; k++) {
        csl += cos(column(c, j), column(c, k));
      }
    }
    for (int i = 0; i < c.length; i++) {
      double info = infoNceByHand(z, i, images);
      assertEquals(info + 0.25 * csl, eq8[i][0], 1e-9, "Eq. 8 with a head, row " + i);
      assertEquals(info, simclr[i][0], 1e-9, "SimCLR with a head, row " + i);
      // without a head, InfoNCE reads the encoder's outputs
      double[][] plain = ArrayTerms.values(ContrastiveLosses.simclr(CLASSES, images, TAU, false)
          .termLoss().orElseThrow().perSample(terms));
      assertEquals(infoNceByHand(c, i, images), plain[i][0], 1e-9, "SimCLR, no head, row " + i);
    }
  }

  @Test
  void aLossThatReadsTheHeadIsRefusedWhereThereIsNone() {
    double[][] c = random(4, K, 17);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> run(c, new int[] {0, 1, 0, 1}, t -> ContrastiveLosses.pretraining(
            CLASSES, K, 2, TAU, 0.25f, true).termLoss().orElseThrow().perSample(t)));
    assertTrue(e.getMessage().contains("no projection head"), e.getMessage());
  }
}
