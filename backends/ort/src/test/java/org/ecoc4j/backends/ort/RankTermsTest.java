package org.ecoc4j.backends.ort;

import static org.ecoc4j.backends.ort.GradientChecker.Input.floats;
import static org.ecoc4j.backends.ort.GradientChecker.Input.longs;
import static org.ecoc4j.backends.ort.GradientChecker.distinct;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.symbolic.Term;
import org.ecoc4j.api.symbolic.Terms;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;
import org.ecoc4j.backends.onnx.graph.TensorInfo;
import org.ecoc4j.backends.onnx.training.GraphTerms;
import org.junit.jupiter.api.Test;

/**
 * The symbolic {@code rowKthLargest} and {@code div} compiled by {@link GraphTerms} and run by ONNX
 * Runtime: values equal the sorted rows computed in Java (ties included, symbolic batch), and
 * gradients, alone and in a difference-of-logits-ratio quotient, equal central finite differences.
 */
class RankTermsTest {

  private static final int WIDTH = 6;
  private static final ModelSpec MODEL =
      new ModelSpec("lenet", new ImageShape(1, 12, 12), WIDTH, 1);
  private static final LossSpec LOSS = LossSpec.crossEntropy(WIDTH);

  private final GradientChecker checker = GradientChecker.forOperators();

  @Test
  void kthLargestValuesAreTheSortedRows() {
    float[] rows = {
      0.3f, -1.2f, 2.5f, 0.3f, 0.9f, -0.1f,
      4f, 4f, 4f, -2f, 1f, 0f,
      -0.5f, -0.25f, -0.75f, -1f, -0.125f, -2f
    };
    int batch = rows.length / WIDTH;
    for (int k = 1; k <= WIDTH; k++) {
      int rank = k;
      float[] values = run(rows, batch, t -> t.rowKthLargest(t.outputs(), rank));
      for (int b = 0; b < batch; b++) {
        float[] row = Arrays.copyOfRange(rows, b * WIDTH, (b + 1) * WIDTH);
        Arrays.sort(row);
        assertEquals(row[WIDTH - k], values[b], 0f, "row " + b + ", k = " + k);
      }
    }
  }

  @Test
  void divisionValuesAreElementWiseQuotients() {
    float[] rows = {1f, -2f, 3f, 0.5f, 4f, -6f, 2f, 2f, -1f, 8f, 0.25f, 1f};
    float[] values = run(rows, 2, t -> t.div(t.outputs(), t.rowSum(t.outputs())));
    for (int b = 0; b < 2; b++) {
      float sum = 0;
      for (int j = 0; j < WIDTH; j++) {
        sum += rows[b * WIDTH + j];
      }
      for (int j = 0; j < WIDTH; j++) {
        assertEquals(rows[b * WIDTH + j] / sum, values[b * WIDTH + j], 1e-6f, b + "," + j);
      }
    }
  }

  @Test
  void kthLargestGradientMatchesFiniteDifferences() {
    for (int k = 1; k <= WIDTH; k++) {
      int rank = k;
      checker.check(
          List.of(floats("scores", distinct(4 * WIDTH, 90 + k, 0.05), 4, WIDTH), labels()),
          g -> compile(g, t -> t.rowKthLargest(t.outputs(), rank)));
    }
  }

  /** {@code (max_{i != y} z_i - z_y) / (z_pi1 - z_pi3)}: div with gradients on both sides. */
  @Test
  void quotientOfRankedScoresMatchesFiniteDifferences() {
    checker.check(
        List.of(floats("scores", distinct(4 * WIDTH, 97, 0.5), 4, WIDTH), labels()),
        g -> compile(g, t -> {
          Term z = t.outputs();
          Term label = t.rowSum(t.mul(t.labels(), z));
          Term others = t.sub(z, t.mul(t.labels(), t.constant(1e9f)));
          Term spread = t.sub(t.rowKthLargest(z, 1), t.rowKthLargest(z, 3));
          return t.div(t.sub(t.rowMax(others), label), spread);
        }));
  }

  /** The compiled graph uses TopK's indices only: no gradient rule for TopK is needed. */
  @Test
  void topKIsUsedForItsIndicesOnly() {
    GraphBuilder g = new GraphBuilder();
    g.input("scores", TensorInfo.floats(TensorInfo.BATCH, WIDTH));
    g.input("labels", TensorInfo.longs(TensorInfo.BATCH));
    compile(g, t -> t.rowKthLargest(t.outputs(), 2));
    NodeProto topK = g.nodes().stream()
        .filter(n -> n.getOpType().equals("TopK")).findFirst().orElseThrow();
    Set<String> read = g.nodes().stream()
        .flatMap(n -> n.getInputList().stream()).collect(Collectors.toSet());
    assertEquals(false, read.contains(topK.getOutput(0)), "TopK values are read");
    assertEquals(true, read.contains(topK.getOutput(1)), "TopK indices are not read");
  }

  private static GradientChecker.Input labels() {
    return longs("labels", new long[] {0, 3, 5, 2}, 4);
  }

  private static String compile(GraphBuilder g, Function<Terms, Term> expression) {
    GraphTerms terms = new GraphTerms(g, MODEL, LOSS, "scores", "labels");
    return terms.tensor(expression.apply(terms));
  }

  /** Runs {@code expression} of rows fed with a symbolic batch dimension. */
  private static float[] run(float[] rows, int batch, Function<Terms, Term> expression) {
    GraphBuilder g = new GraphBuilder();
    g.input("scores", TensorInfo.floats(TensorInfo.BATCH, WIDTH));
    g.input("labels", TensorInfo.longs(TensorInfo.BATCH));
    g.output(g.identityNamed(compile(g, expression), "value"));
    try (InferenceSession session =
            new InferenceSession(g.model("rank_terms").toByteArray(), OrtSettings.cpu());
        NativeTensor scores = NativeTensor.floats(rows, batch, WIDTH);
        NativeTensor labels = NativeTensor.longs(new long[batch], batch)) {
      return session.run(Map.of("scores", scores, "labels", labels), List.of("value"))
          .get(0).values();
    }
  }
}
