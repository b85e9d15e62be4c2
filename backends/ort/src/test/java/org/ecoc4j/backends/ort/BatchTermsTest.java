package org.ecoc4j.backends.ort;

import static org.ecoc4j.backends.ort.GradientChecker.Input.floats;
import static org.ecoc4j.backends.ort.GradientChecker.Input.longs;
import static org.ecoc4j.backends.ort.GradientChecker.awayFromZero;
import static org.ecoc4j.backends.ort.GradientChecker.distinct;
import static org.ecoc4j.backends.ort.GradientChecker.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.symbolic.BatchMixing;
import org.ecoc4j.api.symbolic.Term;
import org.ecoc4j.api.symbolic.Terms;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;
import org.ecoc4j.backends.onnx.graph.TensorInfo;
import org.ecoc4j.backends.onnx.training.GraphTerms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The batch-level and element-wise terms compiled by {@link GraphTerms} and run by ONNX Runtime:
 * every operation's gradient against central finite differences on a fixed batch, the contrastive
 * ECOC losses (InfoNCE Eq. 2, column separation Eq. 1, row separation Eq. 4, hinge Eq. 7, maximum
 * cosine similarity Eq. 10) and the Zadeh loss written with them, InfoNCE against a value computed
 * by hand, and the errors for shapes that do not fit.
 */
class BatchTermsTest {

  private static final int BATCH = 4;
  private static final int WIDTH = 3;
  private static final ModelSpec MODEL =
      new ModelSpec("lenet", new ImageShape(1, 12, 12), WIDTH, 1);
  private static final LossSpec LOSS = LossSpec.crossEntropy(WIDTH);
  private static final long[] LABELS = {0, 2, 1, 2};
  /** The positive of sample i is sample (i + 2) mod 4: two views of two images, stacked. */
  private static final float[] POSITIVES = {
    0, 0, 1, 0,
    0, 0, 0, 1,
    1, 0, 0, 0,
    0, 1, 0, 0
  };
  private static final float TAU = 0.5f;

  private final GradientChecker checker = GradientChecker.forOperators();

  /** {@code 1 - identity}: every pair but a sample with itself. */
  private static Term others(Terms t, int n) {
    return t.sub(t.constant(1f), t.identity(n));
  }

  /** InfoNCE (Eq. 2) per sample: {@code -log(exp(s_ip / tau) / sum_{k != i} exp(s_ik / tau))}. */
  static Term infoNce(Terms t, Term z) {
    Term s = t.div(t.cosines(z, z), t.constant(TAU));
    Term positive = t.rowSum(t.mul(s, t.matrix(POSITIVES, BATCH, BATCH)));
    return t.sub(t.rowLogSumExp(s, others(t, BATCH)), positive);
  }

  /** Column separation (Eq. 1): the sum of the cosines of distinct columns, [1, 1]. */
  private static Term columnSeparation(Terms t, Term c) {
    Term columns = t.transpose(c);
    Term sims = t.mul(t.cosines(columns, columns), others(t, c.width()));
    return t.transpose(t.rowSum(t.transpose(t.rowSum(sims))));
  }

  /** The class means of the rows (Eq. 3), [classes, width]. */
  private static Term classMeans(Terms t, Term c) {
    Term sums = t.matMul(t.transpose(t.labels()), c);
    return t.div(sums, t.transpose(t.columnSum(t.labels())));
  }

  /**
   * Row separation (Eq. 4) against the class means: {@code -sim(c_i, mean_y) / tau + log sum_{k
   * != y} exp(sim(c_i, mean_k) / tau)}.
   */
  private static Term rowSeparation(Terms t, Term c) {
    Term s = t.div(t.cosines(c, classMeans(t, c)), t.constant(TAU));
    Term positive = t.rowSum(t.mul(s, t.labels()));
    return t.sub(t.rowLogSumExp(s, t.sub(t.constant(1f), t.labels())), positive);
  }

  /** Hinge (Eq. 7): {@code max(0.5 - sim(c_i, mean_y), 0)}. */
  private static Term hinge(Terms t, Term c) {
    Term own = t.rowSum(t.mul(t.cosines(c, classMeans(t, c)), t.labels()));
    return t.relu(t.sub(t.constant(0.5f), own));
  }

  /** Maximum cosine similarity of distinct class means (Eq. 10), [1, 1]. */
  private static Term maxCosine(Terms t, Term c) {
    Term means = classMeans(t, c);
    Term sims = t.cosines(means, means);
    return t.transpose(t.rowMax(t.transpose(t.rowMax(sims, others(t, WIDTH)))));
  }

  /** The Zadeh loss: 1 - min over bits of the truth {@code y c + (1 - y)(1 - c)}, y = sigmoid. */
  private static Term zadeh(Terms t, Term z) {
    float[] codewords = {1, 0, 1, 0, 1, 1, 1, 1, 0};
    Term c = t.project(t.labels(), codewords, WIDTH);
    Term y = t.sigmoid(z);
    Term one = t.constant(1f);
    Term truth = t.add(t.mul(y, c), t.mul(t.sub(one, y), t.sub(one, c)));
    return t.sub(one, t.rowMin(truth));
  }

  static Stream<Arguments> expressions() {
    float[] mask = {1, 0, 1};
    BatchMixing mixing =
        BatchMixing.of(new float[] {0.5f, 0.5f, 0, 0, 0, 0.25f, 0.75f, 0, 1, -1, 0.5f, 2}, 3, 4);
    return Stream.of(
        Arguments.of("sigmoid", uniform(12, 1), fn(t -> t.sigmoid(t.outputs()))),
        Arguments.of("relu", awayFromZero(12, 2, 0.1), fn(t -> t.relu(t.outputs()))),
        Arguments.of("sqrt", uniform(12, 3), fn(t -> t.sqrt(t.add(t.mul(t.outputs(), t.outputs()),
            t.constant(0.5f))))),
        Arguments.of("transpose", uniform(12, 4), fn(t -> t.transpose(t.outputs()))),
        Arguments.of("matMul", uniform(12, 5), fn(t -> t.dots(t.outputs(), t.outputs()))),
        Arguments.of("columnSum", uniform(12, 6), fn(t -> t.columnSum(t.mul(t.outputs(),
            t.outputs())))),
        Arguments.of("cosines", uniform(12, 7), fn(t -> t.cosines(t.outputs(), t.outputs()))),
        Arguments.of("diagonal", uniform(12, 8), fn(t -> t.diagonal(t.dots(t.outputs(),
            t.outputs())))),
        Arguments.of("rowMax masked", distinct(12, 9, 0.05), fn(t -> t.rowMax(t.outputs(),
            t.matrix(mask, 1, 3)))),
        Arguments.of("rowMin", distinct(12, 10, 0.05), fn(t -> t.rowMin(t.outputs()))),
        Arguments.of("rowMin masked", distinct(12, 11, 0.05), fn(t -> t.rowMin(t.outputs(),
            t.matrix(mask, 1, 3)))),
        Arguments.of("rowLogSumExp", uniform(12, 12), fn(t -> t.rowLogSumExp(t.outputs()))),
        Arguments.of("rowLogSumExp masked", uniform(12, 13), fn(t -> t.rowLogSumExp(
            t.dots(t.outputs(), t.outputs()), others(t, BATCH)))),
        Arguments.of("rowMean masked", uniform(12, 14), fn(t -> t.rowMean(t.outputs(),
            t.matrix(mask, 1, 3)))),
        Arguments.of("mixRows", uniform(12, 15), fn(t -> t.mixRows(mixing, t.outputs()))),
        Arguments.of("InfoNCE (Eq. 2)", uniform(12, 16), fn(t -> infoNce(t, t.outputs()))),
        Arguments.of("column separation (Eq. 1)", uniform(12, 17),
            fn(t -> columnSeparation(t, t.outputs()))),
        Arguments.of("row separation (Eq. 4)", uniform(12, 18),
            fn(t -> rowSeparation(t, t.outputs()))),
        Arguments.of("hinge (Eq. 7)", uniform(12, 19), fn(t -> hinge(t, t.outputs()))),
        Arguments.of("maximum cosine similarity (Eq. 10)", uniform(12, 20),
            fn(t -> maxCosine(t, t.outputs()))),
        Arguments.of("Zadeh loss", shifted(distinct(12, 21, 0.2), 0.07f),
            fn(t -> zadeh(t, t.outputs()))));
  }

  /**
   * {@code values + shift}: distinct values symmetric around 0 would tie the truths {@code
   * sigmoid(z)} and {@code 1 - sigmoid(-z)} of the Zadeh loss.
   */
  private static float[] shifted(float[] values, float shift) {
    float[] out = values.clone();
    for (int i = 0; i < out.length; i++) {
      out[i] += shift;
    }
    return out;
  }

  private static Function<Terms, Term> fn(Function<Terms, Term> f) {
    return f;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("expressions")
  void gradientMatchesFiniteDifferences(String name, float[] scores, Function<Terms, Term> f) {
    checker.check(
        List.of(floats("scores", scores, BATCH, WIDTH), longs("labels", LABELS, BATCH)),
        g -> compile(g, f));
  }

  @Test
  void infoNceEqualsTheValueComputedByHand() {
    float[] z = {1, 0, 0, 0.6f, 0.8f, 0, 0.8f, 0.6f, 0, 0, 0, 1};
    double[][] rows = new double[BATCH][];
    for (int i = 0; i < BATCH; i++) {
      rows[i] = new double[] {z[3 * i], z[3 * i + 1], z[3 * i + 2]};
    }
    float[] values = run(z, t -> infoNce(t, t.outputs()));
    for (int i = 0; i < BATCH; i++) {
      int positive = (i + 2) % BATCH;
      double denominator = 0;
      for (int k = 0; k < BATCH; k++) {
        if (k != i) {
          denominator += Math.exp(cosine(rows[i], rows[k]) / TAU);
        }
      }
      double expected = -Math.log(Math.exp(cosine(rows[i], rows[positive]) / TAU) / denominator);
      assertEquals(expected, values[i], 1e-5, "sample " + i);
    }
    // sample 0 = (1, 0, 0): cosines 0.6 (sample 1), 0.8 (its positive, sample 2), 0 (sample 3)
    double first = -1.6 + Math.log(Math.exp(1.2) + Math.exp(1.6) + 1);
    assertEquals(first, values[0], 1e-5);
  }

  @Test
  void maskedLogSumExpLeavesOutHugeEntriesWithoutOverflow() {
    float[] z = {1000, 1, 2, -3, 5000, 0.5f, 0, 0, 1e30f, 2, 1, -1};
    float[] mask = {0, 1, 1};
    float[] values =
        run(z, t -> t.rowLogSumExp(t.transpose(t.transpose(t.outputs())), t.matrix(mask, 1, 3)));
    float[] expected = new float[BATCH];
    for (int b = 0; b < BATCH; b++) {
      expected[b] = (float) Math.log(Math.exp(z[3 * b + 1]) + Math.exp(z[3 * b + 2]));
    }
    expected[1] = (float) (5000 + Math.log(1 + Math.exp(0.5 - 5000)));
    for (int b = 0; b < BATCH; b++) {
      assertEquals(expected[b], values[b], 1e-4f * Math.max(1, Math.abs(expected[b])), "row " + b);
    }
  }

  @Test
  void rowMinAndMaskedMaxPickTheRightEntries() {
    float[] z = {3, -1, 2, 0.5f, 0.25f, 4, -2, -3, -1, 7, 8, 9};
    float[] min = run(z, t -> t.rowMin(t.outputs()));
    float[] maskedMax = run(z, t -> t.rowMax(t.outputs(), t.matrix(new float[] {1, 1, 0}, 1, 3)));
    assertEquals(List.of(-1f, 0.25f, -3f, 7f), boxed(min));
    assertEquals(List.of(3f, 0.5f, -2f, 8f), boxed(maskedMax));
  }

  @Test
  void shapesThatDoNotFitAreRefused() {
    GraphBuilder g = new GraphBuilder();
    g.input("scores", TensorInfo.floats(TensorInfo.BATCH, WIDTH));
    g.input("labels", TensorInfo.longs(TensorInfo.BATCH));
    GraphTerms t = new GraphTerms(g, MODEL, LOSS, "scores", "labels");
    IllegalArgumentException anyBatch =
        assertThrows(IllegalArgumentException.class, () -> t.transpose(t.outputs()));
    assertTrue(anyBatch.getMessage().contains("fixed batch"), anyBatch.getMessage());
    assertThrows(IllegalArgumentException.class, () -> t.cosines(t.outputs(), t.outputs()));
    assertEquals(Term.ANY_BATCH, t.outputs().rows());

    GraphBuilder fixed = new GraphBuilder();
    fixed.input("scores", TensorInfo.floats(BATCH, WIDTH));
    fixed.input("labels", TensorInfo.longs(BATCH));
    GraphTerms f = new GraphTerms(fixed, MODEL, LOSS, "scores", "labels");
    assertEquals(BATCH, f.outputs().rows());
    assertThrows(IllegalArgumentException.class, () -> f.matMul(f.outputs(), f.outputs()));
    assertThrows(IllegalArgumentException.class, () -> f.add(f.outputs(), f.identity(3)));
    assertThrows(
        IllegalArgumentException.class,
        () -> f.rowMax(f.outputs(), f.matrix(new float[] {1, 1}, 1, 2)));
    assertThrows(
        IllegalArgumentException.class,
        () -> f.rowLogSumExp(f.outputs(), f.matrix(new float[] {1, 1, 1, 1, 1, 1}, 2, 3)));
    assertThrows(IllegalArgumentException.class, () -> f.matrix(new float[5], 2, 3));
    assertThrows(
        IllegalArgumentException.class, () -> f.matrix(new float[] {Float.NaN}, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> f.diagonal(f.outputs()));
    IllegalArgumentException wrongBatch =
        assertThrows(
            IllegalArgumentException.class,
            () -> f.mixRows(BatchMixing.of(new float[6], 2, 3), f.outputs()));
    assertTrue(wrongBatch.getMessage().contains("exactly 3"), wrongBatch.getMessage());
  }

  private static List<Float> boxed(float[] v) {
    return List.of(v[0], v[1], v[2], v[3]);
  }

  private static double cosine(double[] a, double[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return dot / Math.sqrt(na * nb);
  }

  private static String compile(GraphBuilder g, Function<Terms, Term> expression) {
    GraphTerms terms = new GraphTerms(g, MODEL, LOSS, "scores", "labels");
    return terms.tensor(expression.apply(terms));
  }

  /** Runs {@code expression} of a fixed batch of {@link #BATCH} rows. */
  private static float[] run(float[] rows, Function<Terms, Term> expression) {
    GraphBuilder g = new GraphBuilder();
    g.input("scores", TensorInfo.floats(BATCH, WIDTH));
    g.input("labels", TensorInfo.longs(BATCH));
    g.output(g.identityNamed(compile(g, expression), "value"));
    try (InferenceSession session =
            new InferenceSession(g.model("batch_terms").toByteArray(), OrtSettings.cpu());
        NativeTensor scores = NativeTensor.floats(rows, BATCH, WIDTH);
        NativeTensor labels = NativeTensor.longs(LABELS, BATCH)) {
      return session.run(Map.of("scores", scores, "labels", labels), List.of("value"))
          .get(0).values();
    }
  }
}
