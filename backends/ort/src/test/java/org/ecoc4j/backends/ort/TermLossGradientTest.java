package org.ecoc4j.backends.ort;

import static org.ecoc4j.backends.ort.GradientChecker.Input.floats;
import static org.ecoc4j.backends.ort.GradientChecker.Input.longs;
import static org.ecoc4j.backends.ort.GradientChecker.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.symbolic.Term;
import org.ecoc4j.api.symbolic.Terms;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;
import org.ecoc4j.backends.onnx.graph.TensorInfo;
import org.ecoc4j.backends.onnx.training.GraphTerms;
import org.ecoc4j.backends.onnx.training.LossGraph;
import org.junit.jupiter.api.Test;

/**
 * Losses written with the symbolic terms (exp, log, columns, project and the rest), compiled by
 * {@link LossGraph}, against central finite differences through ONNX Runtime.
 */
class TermLossGradientTest {

  private static final Codebook BOOK =
      Codebook.of(new int[][] {{1, -1, 1, 1}, {-1, 1, 1, -1}, {1, 1, -1, -1}});
  private static final ModelSpec MODEL = new ModelSpec("lenet", new ImageShape(1, 12, 12), 4, 2);

  private final GradientChecker checker = GradientChecker.forOperators();

  /** Softmax of the second member's codeword correlations, its entropy, and a log-sum-exp. */
  private static Term entropyOfSecondMember(Terms t) {
    Term second = t.tanh(t.columns(t.outputs(), 4, 8));
    float[] codewordsT = new float[4 * 3];
    for (int c = 0; c < 3; c++) {
      for (int j = 0; j < 4; j++) {
        codewordsT[j * 3 + c] = BOOK.bit(c, j);
      }
    }
    Term p = t.exp(t.logSoftmax(t.project(second, codewordsT, 3)));
    Term entropy = t.neg(t.rowSum(t.mul(p, t.log(t.add(p, t.constant(1e-6f))))));
    return t.add(entropy, t.log(t.rowSum(t.exp(t.outputs()))));
  }

  @Test
  void termLossGradientMatchesFiniteDifferences() {
    LossSpec loss =
        LossSpec.tanhSquaredError(List.of(BOOK, BOOK))
            .withTermLoss("entropy", TermLossGradientTest::entropyOfSecondMember);
    checker.check(
        List.of(floats("scores", uniform(3 * 8, 71), 3, 8), longs("labels", new long[] {2, 0, 1}, 3)),
        g -> LossGraph.append(g, loss, MODEL, "scores", "labels").perSample());
  }

  @Test
  void termLossUsesTheBuiltInLossInsideIt() {
    LossSpec builtIn = LossSpec.tanhSquaredError(List.of(BOOK, BOOK));
    LossSpec doubled =
        builtIn.withTermLoss("doubled", t -> t.mul(t.constant(2f), t.trainingLoss()));
    checker.check(
        List.of(floats("scores", uniform(3 * 8, 72), 3, 8), longs("labels", new long[] {1, 0, 2}, 3)),
        g -> LossGraph.append(g, doubled, MODEL, "scores", "labels").perSample());
    assertEquals(builtIn, doubled.builtIn());
  }

  @Test
  void badColumnsAndMatricesAreRefused() {
    GraphBuilder g = new GraphBuilder();
    g.input("scores", TensorInfo.floats(3, 8));
    g.input("labels", TensorInfo.longs(3));
    GraphTerms t =
        new GraphTerms(g, MODEL, LossSpec.tanhSquaredError(List.of(BOOK, BOOK)), "scores", "labels");
    assertThrows(IllegalArgumentException.class, () -> t.columns(t.outputs(), 4, 9));
    assertThrows(IllegalArgumentException.class, () -> t.columns(t.outputs(), 3, 3));
    assertThrows(IllegalArgumentException.class, () -> t.project(t.outputs(), new float[7], 1));
    float[] nan = new float[8];
    nan[3] = Float.NaN;
    assertThrows(IllegalArgumentException.class, () -> t.project(t.outputs(), nan, 1));
  }

  @Test
  void termLossMustGiveOneValuePerSample() {
    LossSpec wide = LossSpec.tanhSquaredError(List.of(BOOK, BOOK)).withTermLoss("wide", Terms::outputs);
    GraphBuilder g = new GraphBuilder();
    g.input("scores", TensorInfo.floats(3, 8));
    g.input("labels", TensorInfo.longs(3));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> LossGraph.append(g, wide, MODEL, "scores", "labels"));
    assertEquals(true, e.getMessage().contains("one value per sample"), e.getMessage());
  }
}
