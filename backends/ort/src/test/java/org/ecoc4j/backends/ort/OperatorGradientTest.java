package org.ecoc4j.backends.ort;

import static org.ecoc4j.backends.ort.GradientChecker.Input.floats;
import static org.ecoc4j.backends.ort.GradientChecker.Input.longs;
import static org.ecoc4j.backends.ort.GradientChecker.awayFromZero;
import static org.ecoc4j.backends.ort.GradientChecker.distinct;
import static org.ecoc4j.backends.ort.GradientChecker.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.Set;
import java.util.TreeSet;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.backends.onnx.autodiff.Differentiator;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;
import org.ecoc4j.backends.onnx.graph.TensorInfo;
import org.ecoc4j.backends.onnx.graph.Window;
import org.ecoc4j.backends.onnx.training.LossGraph;
import org.junit.jupiter.api.Test;

/** Every differentiated operator against central finite differences, run through ONNX Runtime. */
class OperatorGradientTest {

  /**
   * The operators the tests of this class (and, for Split, {@link SelectionGradientTest}) check;
   * a new rule must be added here with a test.
   */
  private static final Set<String> CHECKED =
      Set.of(
          "Relu", "Tanh", "Sigmoid", "Elu", "Neg", "Identity", "Add", "Sub", "Mul", "Div", "Sum",
          "Sqrt", "Conv", "MaxPool", "Gemm", "MatMul", "GlobalAveragePool", "Flatten", "Reshape",
          "Concat", "Transpose", "Pad", "ReduceSum", "ReduceMean", "Softmax", "LogSoftmax", "Split",
          "Exp", "Log", "AveragePool", "Clip", "LeakyRelu", "Where", "HardSigmoid", "Slice",
          "ReduceSumSquare");

  private final GradientChecker checker = GradientChecker.forOperators();

  private void check(String op, List<GradientChecker.Input> inputs,
      Function<GraphBuilder, String> f) {
    assertTrue(CHECKED.contains(op), op + " is missing from CHECKED");
    checker.check(inputs, f);
  }

  @Test
  void everyRuleHasACheck() {
    Set<String> unchecked = new TreeSet<>(Differentiator.standard().supportedOperators());
    unchecked.removeAll(CHECKED);
    assertTrue(unchecked.isEmpty(), "operators without a gradient check: " + unchecked);
  }

  /**
   * {@code Where(c > 0, x, y)} with a fixed condition (a condition computed from {@code x} would
   * put its jumps under the finite differences) and {@code y} [1, 4] broadcast over the rows: both
   * branches receive gradients, {@code y}'s summed over the rows.
   */
  @Test
  void where() {
    float[] condition = uniform(12, 73);
    check(
        "Where",
        List.of(floats("x", uniform(12, 71), 3, 4), floats("y", uniform(4, 72), 1, 4)),
        g -> g.where(
            g.greater(g.constant("condition", condition, 3, 4), g.scalar("zero", 0f)), "x", "y"));
  }

  @Test
  void relu() {
    check("Relu", List.of(floats("x", awayFromZero(12, 1, 0.05), 3, 4)), g -> g.relu("x"));
  }

  @Test
  void tanh() {
    check("Tanh", List.of(floats("x", uniform(12, 2), 3, 4)), g -> g.tanh("x"));
  }

  @Test
  void sqrt() {
    check("Sqrt", List.of(floats("x", awayFromZero(12, 53, 0.2), 3, 4)),
        g -> g.sqrt(g.mul("x", "x")));
  }

  /**
   * The sums form (a fixed batch): ReduceSum, ReduceSumSquare, Mul, Sub, Relu, Add, Div, Sqrt and
   * Reshape, over 16 channels.
   */
  @Test
  void trainingModeBatchNormalization() {
    checkBatchNorm(GraphBuilder::batchNormTraining);
  }

  /** The centered form: ReduceMean, Sub, Mul, Add, Div, Sqrt and Reshape, over 16 channels. */
  @Test
  void trainingModeBatchNormalizationCentered() {
    checkBatchNorm(GraphBuilder::batchNormTrainingCentered);
  }

  /** One of GraphBuilder's training-mode batch normalizations, by its arguments. */
  @FunctionalInterface
  interface BatchNormForm {
    GraphBuilder.BatchNormed apply(GraphBuilder g, String x, String scale, String bias,
        String mean, String var, float epsilon, float momentum);
  }

  private void checkBatchNorm(BatchNormForm form) {
    float[] ones = new float[16];
    Arrays.fill(ones, 1f);
    checker.check(
        List.of(
            floats("x", uniform(4 * 16 * 4 * 4, 50), 4, 16, 4, 4),
            floats("scale", uniform(16, 51), 16),
            floats("bias", uniform(16, 52), 16)),
        g -> form.apply(g,
                "x", "scale", "bias",
                g.constant("mean", new float[16], 16), g.constant("var", ones, 16),
                1e-3f, 0.9f)
            .output());
  }

  @Test
  void sigmoid() {
    check("Sigmoid", List.of(floats("x", uniform(12, 40), 3, 4)), g -> g.sigmoid("x"));
  }

  @Test
  void eluOnBothSides() {
    check("Elu", List.of(floats("x", awayFromZero(12, 41, 0.05), 3, 4)), g -> g.elu("x", 0.7f));
  }

  /** Alpha 1, the zoo's ELU, has its own form of the rule ({@code dY * HardSigmoid(Y)}). */
  @Test
  void eluWithAlphaOneOnBothSides() {
    check("Elu", List.of(floats("x", awayFromZero(12, 43, 0.05), 3, 4)), g -> g.elu("x", 1f));
  }

  /**
   * Both forms of the rule give PyTorch's slopes exactly where finite differences cannot look:
   * {@code alpha} at the kink 0, 1 above it, {@code alpha * exp(x)} below it, down to 0 where
   * {@code Y + alpha} rounds to 0.
   */
  @Test
  void eluSlopeAtAndAroundTheKink() {
    float[] x = {0f, 2f, -0.5f, -3f, -40f, 1e-6f, -1e-6f};
    for (float alpha : new float[] {1f, 0.7f}) {
      float[] slope = eluGradient(x, alpha);
      for (int i = 0; i < x.length; i++) {
        double expected = x[i] > 0 ? 1 : alpha * Math.exp(x[i]);
        assertEquals(expected, slope[i], 1e-6, "alpha " + alpha + ", x " + x[i]);
      }
    }
  }

  private static float[] eluGradient(float[] x, float alpha) {
    GraphBuilder g = new GraphBuilder();
    g.input("x", TensorInfo.floats(x.length));
    String loss = g.reduceSum(g.elu("x", alpha), false);
    String dx = Differentiator.standard().differentiate(g, loss, List.of("x"), n -> n + "_d")
        .get("x");
    g.output(dx);
    try (InferenceSession session =
            new InferenceSession(g.model("elu_slope").toByteArray(), OrtSettings.cpu());
        NativeTensor feed = NativeTensor.floats(x, x.length)) {
      return session.run(Map.of("x", feed), List.of(dx)).get(0).values();
    }
  }

  @Test
  void broadcastingDiv() {
    check(
        "Div",
        List.of(floats("a", uniform(12, 42), 3, 4), floats("b", awayFromZero(4, 43, 0.5), 4)),
        g -> g.div("a", "b"));
  }

  @Test
  void matMul() {
    check(
        "MatMul",
        List.of(floats("a", uniform(6, 44), 2, 3), floats("b", uniform(12, 45), 3, 4)),
        g -> g.matMul("a", "b"));
  }

  /**
   * Batched MatMul as ONNX broadcasts it: a stack [2, 3, 4] times one matrix [4, 5] (a Linear
   * layer over a sequence: the weight's gradient sums over the stack), and [2, 1, 3, 4] times [3,
   * 4, 2] (both stacks broadcast: the first's gradient sums over the second's 3 matrices, the
   * second's over the first's 2).
   */
  @Test
  void batchedMatMul() {
    check(
        "MatMul",
        List.of(floats("a", uniform(24, 101), 2, 3, 4), floats("b", uniform(20, 102), 4, 5)),
        g -> g.matMul("a", "b"));
    check(
        "MatMul",
        List.of(floats("a", uniform(24, 103), 2, 1, 3, 4), floats("b", uniform(24, 104), 3, 4, 2)),
        g -> g.matMul("a", "b"));
  }

  @Test
  void globalAveragePool() {
    check(
        "GlobalAveragePool",
        List.of(floats("x", uniform(2 * 3 * 3 * 2, 46), 2, 3, 3, 2)),
        g -> g.globalAveragePool("x"));
  }

  @Test
  void transpose() {
    check(
        "Transpose",
        List.of(floats("x", uniform(24, 47), 2, 3, 4)),
        g -> g.transpose("x", 2, 0, 1));
  }

  @Test
  void zeroPad() {
    check(
        "Pad",
        List.of(floats("x", uniform(2 * 2 * 3 * 3, 48), 2, 2, 3, 3)),
        g -> g.pad("x", 0, 0, 1, 2, 0, 0, 2, 0));
  }

  @Test
  void softmax() {
    check("Softmax", List.of(floats("x", uniform(12, 49), 3, 4)), g -> g.softmax("x"));
  }

  @Test
  void negAndIdentity() {
    check("Neg", List.of(floats("x", uniform(6, 3), 2, 3)), g -> g.identity(g.neg("x")));
  }

  @Test
  void broadcastingAdd() {
    check(
        "Add",
        List.of(floats("a", uniform(12, 4), 3, 4), floats("b", uniform(4, 5), 4)),
        g -> g.add("a", "b"));
  }

  @Test
  void broadcastingSub() {
    check(
        "Sub",
        List.of(floats("a", uniform(3, 6), 3, 1), floats("b", uniform(12, 7), 3, 4)),
        g -> g.sub("a", "b"));
  }

  @Test
  void broadcastingMul() {
    check(
        "Mul",
        List.of(floats("a", uniform(24, 8), 2, 3, 4), floats("b", uniform(3, 9), 3, 1)),
        g -> g.mul("a", "b"));
  }

  @Test
  void sumOfTensorUsedTwice() {
    check(
        "Sum",
        List.of(floats("a", uniform(6, 10), 2, 3), floats("b", uniform(6, 11), 2, 3)),
        g -> g.sum(List.of("a", "b", "a")));
  }

  @Test
  void convWithBiasAndPadding() {
    check(
        "Conv",
        List.of(
            floats("x", uniform(2 * 2 * 5 * 5, 12), 2, 2, 5, 5),
            floats("w", uniform(3 * 2 * 3 * 3, 13), 3, 2, 3, 3),
            floats("b", uniform(3, 14), 3)),
        g -> g.conv("x", "w", "b", 1, 1));
  }

  @Test
  void stridedConvWithoutBias() {
    check(
        "Conv",
        List.of(
            floats("x", uniform(1 * 1 * 6 * 6, 15), 1, 1, 6, 6),
            floats("w", uniform(2 * 1 * 2 * 2, 16), 2, 1, 2, 2)),
        g -> g.conv("x", "w", null, 2, 0));
  }

  @Test
  void maxPool() {
    check(
        "MaxPool",
        List.of(floats("x", distinct(2 * 2 * 4 * 4, 17, 0.05), 2, 2, 4, 4)),
        g -> g.maxPool("x", 2, 2).output());
  }

  @Test
  void maxPoolByScatter() {
    new GradientChecker(Differentiator.portable(), 1e-2, 5e-3, 1e-2, 64)
        .check(
            List.of(floats("x", distinct(3 * 2 * 4 * 6, 54, 0.05), 3, 2, 4, 6)),
            g -> g.maxPool("x", 2, 2).output());
  }

  /** With a symbolic batch: the gradient of sum(MaxPool(x)) marks each window's maximum. */
  @Test
  void maxPoolByScatterMarksTheArgmaxForAnyBatch() {
    GraphBuilder g = new GraphBuilder();
    g.input("x", TensorInfo.floats(TensorInfo.BATCH, 1, 4, 4));
    String loss = g.reduceSum(g.maxPool("x", 2, 2).output(), false);
    Differentiator.portable().differentiate(g, loss, List.of("x"), n -> "dx");
    g.output("dx");
    try (InferenceSession session = new InferenceSession(g.model("pool").toByteArray(), OrtSettings.cpu())) {
      for (int batch : new int[] {1, 3}) {
        float[] x = distinct(batch * 16, 55 + batch, 0.1);
        try (NativeTensor t = NativeTensor.floats(x, batch, 1, 4, 4)) {
          float[] dx = session.run(Map.of("x", t), List.of("dx")).get(0).values();
          for (int b = 0; b < batch; b++) {
            for (int wy = 0; wy < 2; wy++) {
              for (int wx = 0; wx < 2; wx++) {
                int best = -1;
                for (int dy = 0; dy < 2; dy++) {
                  for (int dxx = 0; dxx < 2; dxx++) {
                    int i = b * 16 + (2 * wy + dy) * 4 + 2 * wx + dxx;
                    if (best < 0 || x[i] > x[best]) {
                      best = i;
                    }
                  }
                }
                for (int dy = 0; dy < 2; dy++) {
                  for (int dxx = 0; dxx < 2; dxx++) {
                    int i = b * 16 + (2 * wy + dy) * 4 + 2 * wx + dxx;
                    assertEquals(i == best ? 1f : 0f, dx[i], "batch " + batch + " at " + i);
                  }
                }
              }
            }
          }
        }
      }
    }
  }

  @Test
  void gemmTransposedWeightsWithBias() {
    check(
        "Gemm",
        List.of(
            floats("a", uniform(3 * 4, 18), 3, 4),
            floats("w", uniform(5 * 4, 19), 5, 4),
            floats("c", uniform(5, 20), 5)),
        g -> g.gemm("a", "w", "c", true));
  }

  @Test
  void gemmPlainWeights() {
    check(
        "Gemm",
        List.of(floats("a", uniform(3 * 4, 21), 3, 4), floats("w", uniform(4 * 2, 22), 4, 2)),
        g -> g.gemm("a", "w", null, false));
  }

  @Test
  void flattenAndReshape() {
    check(
        "Reshape",
        List.of(floats("x", uniform(24, 23), 2, 3, 2, 2)),
        g -> g.reshape(g.flatten("x"), 4, 6));
  }

  @Test
  void concat() {
    check(
        "Concat",
        List.of(floats("a", uniform(6, 24), 2, 3), floats("b", uniform(4, 25), 2, 2)),
        g -> g.concat(1, List.of("a", "b")));
  }

  @Test
  void reduceSumKeepingAndDroppingAxes() {
    check("ReduceSum", List.of(floats("x", uniform(24, 26), 2, 3, 4)),
        g -> g.add(g.reduceSum("x", true, 1), g.reduceSum(g.reduceSum("x", false, 0, 2), false)));
  }

  @Test
  void reduceMean() {
    check("ReduceMean", List.of(floats("x", uniform(24, 27), 2, 3, 4)),
        g -> g.add(g.reduceMean("x", false, 2), g.reduceMean("x", false)));
  }

  /** Over one axis kept and two axes dropped, and over everything; signs on both sides. */
  @Test
  void reduceSumSquare() {
    check("ReduceSumSquare", List.of(floats("x", uniform(24, 28), 2, 3, 4)),
        g -> g.add(g.reduceSumSquare("x", true, 1),
            g.reduceSum(g.reduceSumSquare("x", false, 0, 2), false)));
    check("ReduceSumSquare", List.of(floats("x", uniform(24, 29), 2, 3, 4)),
        g -> g.reduceSumSquare("x", false));
  }

  @Test
  void logSoftmax() {
    check("LogSoftmax", List.of(floats("x", uniform(12, 28), 3, 4)), g -> g.logSoftmax("x"));
  }

  @Test
  void crossEntropyLossOfTwoMembers() {
    ModelSpec model = new ModelSpec("lenet", new ImageShape(1, 12, 12), 3, 2);
    checker.check(
        List.of(floats("scores", uniform(4 * 6, 29), 4, 6), longs("labels", new long[] {0, 2, 1, 2}, 4)),
        g -> LossGraph.append(g, LossSpec.crossEntropy(3), model, "scores", "labels").perSample());
  }

  @Test
  void tanhSquaredErrorAgainstCodewords() {
    Codebook book = Codebook.of(new int[][] {{1, -1, 1, 1}, {-1, 1, 1, -1}, {1, 1, -1, -1}});
    ModelSpec model = new ModelSpec("lenet", new ImageShape(1, 12, 12), 4, 2);
    checker.check(
        List.of(floats("scores", uniform(3 * 8, 30), 3, 8), longs("labels", new long[] {2, 0, 1}, 3)),
        g -> LossGraph.append(
                g, LossSpec.tanhSquaredError(List.of(book, book)), model, "scores", "labels")
            .perSample());
  }

  @Test
  void exp() {
    check("Exp", List.of(floats("x", uniform(12, 61), 3, 4)), g -> g.exp("x"));
  }

  @Test
  void log() {
    check("Log", List.of(floats("x", awayFromZero(12, 62, 0.3), 3, 4)),
        g -> g.log(g.mul("x", "x")));
  }

  private static Window window(long[] kernel, long[] strides, long[] pads, long[] dilations) {
    return new Window(kernel, strides, pads, dilations);
  }

  /** Depthwise (group = C) as in MobileNet: ONNX Runtime's ConvGrad with the group attribute. */
  @Test
  void depthwiseConv() {
    check(
        "Conv",
        List.of(
            floats("x", uniform(2 * 4 * 5 * 5, 70), 2, 4, 5, 5),
            floats("w", uniform(4 * 3 * 3, 71), 4, 1, 3, 3),
            floats("b", uniform(4, 72), 4)),
        g -> g.conv("x", "w", "b", Window.square(3, 1, 1), 4));
  }

  @Test
  void groupedStridedConv() {
    check(
        "Conv",
        List.of(
            floats("x", uniform(2 * 4 * 6 * 7, 73), 2, 4, 6, 7),
            floats("w", uniform(6 * 2 * 3 * 2, 74), 6, 2, 3, 2)),
        g -> g.conv("x", "w", null,
            window(new long[] {3, 2}, new long[] {2, 1}, new long[] {1, 0, 1, 0},
                new long[] {1, 1}), 2));
  }

  @Test
  void dilatedConv() {
    check(
        "Conv",
        List.of(
            floats("x", uniform(2 * 2 * 7 * 7, 75), 2, 2, 7, 7),
            floats("w", uniform(3 * 2 * 3 * 3, 76), 3, 2, 3, 3),
            floats("b", uniform(3, 77), 3)),
        g -> g.conv("x", "w", "b",
            window(new long[] {3, 3}, new long[] {1, 1}, new long[] {2, 1, 2, 1},
                new long[] {2, 3}), 1));
  }

  /** Asymmetric pads (TensorFlow's "same" with stride 2) become a zero Pad before the Conv. */
  @Test
  void asymmetricallyPaddedConv() {
    check(
        "Conv",
        List.of(
            floats("x", uniform(2 * 2 * 6 * 6, 78), 2, 2, 6, 6),
            floats("w", uniform(3 * 2 * 3 * 3, 79), 3, 2, 3, 3)),
        g -> g.conv("x", "w", null,
            window(new long[] {3, 3}, new long[] {2, 2}, new long[] {0, 0, 1, 1},
                new long[] {1, 1}), 1));
  }

  @Test
  void asymmetricallyPaddedMaxPool() {
    Window w = window(new long[] {3, 2}, new long[] {2, 2}, new long[] {1, 0, 0, 1},
        new long[] {1, 1});
    List<GradientChecker.Input> x =
        List.of(floats("x", distinct(2 * 2 * 5 * 6, 80, 0.05), 2, 2, 5, 6));
    check("MaxPool", x, g -> g.maxPool("x", w).output());
    new GradientChecker(Differentiator.portable(), 1e-2, 5e-3, 1e-2, 64)
        .check(x, g -> g.maxPool("x", w).output());
  }

  @Test
  void averagePoolWithoutPadding() {
    check("AveragePool", List.of(floats("x", uniform(2 * 3 * 5 * 7, 81), 2, 3, 5, 7)),
        g -> g.averagePool("x",
            window(new long[] {2, 3}, new long[] {2, 2}, new long[4], new long[] {1, 1}), false));
  }

  @Test
  void averagePoolOverlappingCountingThePads() {
    check(
        "AveragePool",
        List.of(floats("x", uniform(2 * 2 * 6 * 5, 82), 2, 2, 6, 5)),
        g -> g.averagePool("x",
            window(new long[] {3, 3}, new long[] {2, 1}, new long[] {1, 1, 0, 2},
                new long[] {1, 1}), true));
  }

  @Test
  void averagePoolOverlappingWithoutCountingThePads() {
    check(
        "AveragePool",
        List.of(floats("x", uniform(2 * 2 * 6 * 5, 83), 2, 2, 6, 5)),
        g -> g.averagePool("x",
            window(new long[] {3, 3}, new long[] {2, 1}, new long[] {1, 1, 0, 2},
                new long[] {1, 1}), false));
  }

  /** ReLU6, away from the kinks at 0 and 6. */
  @Test
  void clip() {
    float[] x = awayFromZero(24, 84, 0.05);
    for (int i = 0; i < x.length; i++) {
      x[i] *= 9; // values in (-9, -0.45] and [0.45, 9): below, inside and above [0, 6]
      if (Math.abs(x[i] - 6) < 0.1) {
        x[i] += 0.3f;
      }
    }
    check("Clip", List.of(floats("x", x, 4, 6)), g -> g.clip("x", 0f, 6f));
  }

  @Test
  void leakyRelu() {
    check("LeakyRelu", List.of(floats("x", awayFromZero(12, 85, 0.05), 3, 4)),
        g -> g.leakyRelu("x", 0.2f));
  }

  @Test
  void padWithAValue() {
    check("Pad", List.of(floats("x", uniform(2 * 3 * 3, 86), 2, 3, 3)),
        g -> {
          String padded = g.padWith("x", 1.5f, 0, 1, 0, 0, 2, 1);
          return g.mul(padded, padded);
        });
  }

  /**
   * HardSigmoid with PyTorch's hardsigmoid constants (alpha 1/6, beta 1/2, as HardSwish imports)
   * and with ONNX's defaults (0.2, 0.5), at inputs on all three pieces, away from the kinks
   * ({@code alpha x + beta} in 0 and 1) by more than the step.
   */
  @Test
  void hardSigmoidOnAllThreePieces() {
    float[] x = uniform(24, 87);
    for (int i = 0; i < x.length; i++) {
      x[i] = 6f * x[i]; // [-6, 6): below -3, between, above 3 for alpha 1/6
      if (Math.abs(Math.abs(x[i]) - 3f) < 0.1f || Math.abs(Math.abs(x[i]) - 2.5f) < 0.1f) {
        x[i] += 0.3f;
      }
    }
    check("HardSigmoid", List.of(floats("x", x, 4, 6)),
        g -> g.add(g.hardSigmoid("x", 1f / 6f, 0.5f), g.mul("x", g.hardSigmoid("x", 0.2f, 0.5f))));
  }

  /** Slice of two axes of a [2, 5, 4] tensor: the gradient is zero outside the slice. */
  @Test
  void sliceOfTwoAxes() {
    check("Slice", List.of(floats("x", uniform(40, 88), 2, 5, 4)),
        g -> {
          String part = g.slice("x", new long[] {1, 0}, new long[] {4, 3}, new long[] {1, 2});
          return g.mul(part, part);
        });
  }

  /**
   * Slice with steps along H and W (every second row and third column from 0), whose gradient
   * spreads the output gradient back: over sizes the steps divide (6 x 6), sizes they do not (7 x
   * 5: the spread is cut back), and a slice that stops short of the end (rows 0 and 2 of 6, the
   * rest padded with zeros).
   */
  @Test
  void sliceWithStepsAlongHAndW() {
    for (long[] size : new long[][] {{6, 6}, {7, 5}}) {
      int n = (int) (2 * 3 * size[0] * size[1]);
      check("Slice", List.of(floats("x", uniform(n, 89), 2, 3, size[0], size[1])),
          g -> {
            String part = g.sample("x", "part", 2, 3);
            return g.mul(part, part);
          });
    }
    check("Slice", List.of(floats("x", uniform(2 * 3 * 36, 90), 2, 3, 6, 6)),
        g -> {
          String part = g.node("Slice", "", List.of("x", g.longs("starts", 0, 0),
                  g.longs("ends", 4, 6), g.longs("axes", 2, 3), g.longs("steps", 2, 1)),
              List.of("short"), List.of(TensorInfo.floats(2, 3, 2, 6)), List.of()).get(0);
          return g.mul(part, part);
        });
  }
}
