package org.ecoc4j.backends.ort;

import static org.ecoc4j.backends.ort.GradientChecker.Input.floats;
import static org.ecoc4j.backends.ort.GradientChecker.distinct;
import static org.ecoc4j.backends.ort.GradientChecker.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.backends.onnx.autodiff.Differentiator;
import org.ecoc4j.backends.onnx.autodiff.LayerRules;
import org.ecoc4j.backends.onnx.autodiff.PoolingRules;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;
import org.ecoc4j.backends.onnx.graph.TensorInfo;
import org.ecoc4j.backends.onnx.graph.Window;
import org.ecoc4j.backends.onnx.training.OptimizerSpec;
import org.ecoc4j.backends.onnx.training.TrainingArtifacts;
import org.ecoc4j.backends.onnx.zoo.ModelZoo;
import org.ecoc4j.backends.onnx.zoo.ZooModel;
import org.junit.jupiter.api.Test;

/**
 * MaxPool over tiling windows and windows that move by one, differentiated by comparing the input
 * with the maxima ({@link PoolingRules#maxPoolByComparison}), which the CPU's differentiators
 * use: against finite differences, against {@code MaxPoolGrad} where maxima repeat (bit for bit
 * for tiling windows, within rounding for those that move by one), its fall-backs, and lenet's
 * and cnn1's CPU graphs.
 */
class MaxPoolComparisonTest {

  private static final Differentiator COMPARISON = Differentiator.standard()
      .withRule("MaxPool", PoolingRules.maxPoolByComparison(LayerRules.MAX_POOL));

  @Test
  void matchesFiniteDifferences() {
    for (Function<GraphBuilder, String> pooled : List.<Function<GraphBuilder, String>>of(
        g -> g.maxPool("x", 2, 2).output(),
        g -> g.maxPool("x", 2, 1, 1).output(),
        g -> g.maxPool("x", Window.square(3, 1, 1)).output())) {
      new GradientChecker(COMPARISON, 1e-2, 5e-3, 1e-2, 64).check(
          List.of(floats("x", distinct(2 * 3 * 4 * 6, 31, 0.05), 2, 3, 4, 6)), pooled);
    }
  }

  /**
   * For tiling windows the input gradient is MaxPoolGrad's bit for bit, for 2x2 and 3x2 windows,
   * on inputs of five levels (many windows hold their maximum more than once, where dY goes to
   * the first), plain and after a ReLU (windows of zeros).
   */
  @Test
  void equalsMaxPoolGradWhereMaximaRepeat() {
    float[] x = fiveLevels();
    long[] one = {1, 1};
    for (Window tiles : List.of(
        new Window(new long[] {2, 2}, new long[] {2, 2}, new long[] {0, 0, 0, 0}, one),
        new Window(new long[] {3, 2}, new long[] {3, 2}, new long[] {0, 0, 0, 0}, one))) {
      for (Function<GraphBuilder, String> pooled : plainAndAfterRelu(tiles)) {
        assertArrayEquals(inputGradient(Differentiator.standard(), pooled, x),
            inputGradient(COMPARISON, pooled, x), tiles.toString());
      }
      long repeated = repeatedMaxima(x, tiles);
      assertTrue(repeated > 20, repeated + " windows whose maximum repeats in " + tiles);
    }
  }

  /**
   * For windows that move by one, padded or not, square or not, the input gradient is
   * MaxPoolGrad's within rounding (an element that is the first maximum of several windows adds
   * their dY in another order), on the same five-level inputs; giving dY to every maximum would
   * add it twice or more where a maximum repeats.
   */
  @Test
  void windowsMovingByOneEqualMaxPoolGradWithinRounding() {
    float[] x = fiveLevels();
    long[] one = {1, 1};
    for (Window w : List.of(
        new Window(new long[] {2, 2}, one, new long[] {0, 0, 1, 1}, one),
        new Window(new long[] {2, 2}, one, new long[] {0, 0, 0, 0}, one),
        Window.square(3, 1, 1),
        new Window(new long[] {3, 2}, one, new long[] {2, 0, 1, 1}, one),
        new Window(new long[] {1, 3}, one, new long[] {0, 1, 0, 2}, one))) {
      for (Function<GraphBuilder, String> pooled : plainAndAfterRelu(w)) {
        NetworkGradients.assertWithinRounding(
            Map.of("x", inputGradient(Differentiator.standard(), pooled, x)),
            Map.of("x", inputGradient(COMPARISON, pooled, x)), w.toString());
      }
      long repeated = repeatedMaxima(x, w);
      assertTrue(repeated > 20, repeated + " windows whose maximum repeats in " + w);
    }
  }

  /**
   * Padding never takes dY, even where it comes first in a window that holds its maximum: 3x3
   * windows moving by one, padded by one on every side, over planes of -1 with one 0 at (1, 1),
   * which the window at (0, 0) sees after a padded row and a padded column.
   */
  @Test
  void paddedPositionsNeverTakeTheGradient() {
    float[] x = new float[4 * 3 * 6 * 8];
    Arrays.fill(x, -1f);
    for (int plane = 0; plane < 4 * 3; plane++) {
      x[plane * 48 + 8 + 1] = 0f;
    }
    Window byOne = Window.square(3, 1, 1);
    Function<GraphBuilder, String> pooled = g -> g.maxPool("x", byOne).output();
    NetworkGradients.assertWithinRounding(
        Map.of("x", inputGradient(Differentiator.standard(), pooled, x)),
        Map.of("x", inputGradient(COMPARISON, pooled, x)), byOne.toString());
  }

  /** Seeded values of five levels, -1 to 1 in steps of 0.5, over [4, 3, 6, 8]. */
  private static float[] fiveLevels() {
    float[] x = uniform(4 * 3 * 6 * 8, 32);
    for (int i = 0; i < x.length; i++) {
      x[i] = Math.round(x[i] * 2) / 2f;
    }
    return x;
  }

  private static List<Function<GraphBuilder, String>> plainAndAfterRelu(Window w) {
    return List.of(g -> g.maxPool("x", w).output(), g -> g.maxPool(g.relu("x"), w).output());
  }

  /** How many windows of {@code w} over {@code x} ([4, 3, 6, 8]) hold their maximum twice or more. */
  private static long repeatedMaxima(float[] x, Window w) {
    long[] k = w.kernel();
    long[] s = w.strides();
    long[] p = w.pads();
    long count = 0;
    for (int plane = 0; plane < 4 * 3; plane++) {
      for (long r = -p[0]; r + k[0] <= 6 + p[2]; r += s[0]) {
        for (long c = -p[1]; c + k[1] <= 8 + p[3]; c += s[1]) {
          float max = Float.NEGATIVE_INFINITY;
          int times = 0;
          for (long i = Math.max(r, 0); i < Math.min(r + k[0], 6); i++) {
            for (long j = Math.max(c, 0); j < Math.min(c + k[1], 8); j++) {
              float v = x[(int) (plane * 48 + i * 8 + j)];
              times = v > max ? 1 : v == max ? times + 1 : times;
              max = Math.max(max, v);
            }
          }
          count += times > 1 ? 1 : 0;
        }
      }
    }
    return count;
  }

  private static float[] inputGradient(
      Differentiator differentiator, Function<GraphBuilder, String> forward, float[] x) {
    GraphBuilder g = new GraphBuilder();
    g.input("x", TensorInfo.floats(4, 3, 6, 8));
    String y = forward.apply(g);
    TensorInfo info = g.info(y);
    String loss = g.reduceSum(g.mul(y, g.constant("r",
        uniform((int) info.elementCount(), 33), info.dims())), false);
    differentiator.differentiate(g, loss, List.of("x"), n -> "dx");
    g.output("dx");
    try (InferenceSession session =
            new InferenceSession(g.model("pool").toByteArray(), OrtSettings.cpu());
        NativeTensor t = NativeTensor.floats(x, 4, 3, 6, 8)) {
      return session.run(Map.of("x", t), List.of("dx")).get(0).values();
    }
  }

  /**
   * Strided overlapping, end-padded strided and uneven windows, and kernels over 3 that move by
   * one, keep MaxPoolGrad; tiling windows and windows that move by one do not need it.
   */
  @Test
  void otherMaxPoolsKeepMaxPoolGrad() {
    assertTrue(backward(g -> g.maxPool(g.relu("x"), 3, 2).output()).contains("MaxPoolGrad"),
        "overlapping with stride 2");
    assertTrue(backward(g -> g.maxPool(g.relu("x"), 2, 2, 1).output()).contains("MaxPoolGrad"),
        "end padding");
    assertTrue(backward(g -> g.maxPool(g.relu("x"), new Window(new long[] {3, 3},
        new long[] {3, 3}, new long[] {0, 0, 0, 1}, new long[] {1, 1})).output())
        .contains("MaxPoolGrad"), "end padding, although the padded input tiles");
    assertTrue(backward(g -> g.maxPool(g.relu("x"), 4, 4).output()).contains("MaxPoolGrad"),
        "6 rows do not tile by 4");
    assertTrue(backward(g -> g.maxPool(g.relu("x"), 4, 1).output()).contains("MaxPoolGrad"),
        "a kernel side over 3");
    for (Function<GraphBuilder, String> tiling : List.<Function<GraphBuilder, String>>of(
        g -> g.maxPool(g.relu("x"), 2, 2).output(), g -> g.maxPool(g.tanh("x"), 2, 2).output())) {
      Set<String> ops = backward(tiling);
      assertFalse(ops.contains("MaxPoolGrad"), ops.toString());
      assertTrue(ops.containsAll(Set.of("Resize", "Equal", "Cast", "Mul", "Where", "MaxPool")),
          ops.toString());
    }
    Set<String> ops = backward(g -> g.maxPool(g.relu("x"), 2, 1, 1).output());
    assertFalse(ops.contains("MaxPoolGrad"), ops.toString());
    assertFalse(ops.contains("Where"), "the taps' shares are masks multiplied in: " + ops);
    assertTrue(ops.containsAll(Set.of("Pad", "Equal", "Cast", "Mul", "Sub", "MaxPool")),
        ops.toString());
  }

  private static Set<String> backward(Function<GraphBuilder, String> forward) {
    GraphBuilder g = new GraphBuilder();
    g.input("x", TensorInfo.floats(4, 3, 6, 8));
    String loss = g.reduceSum(forward.apply(g), false);
    int before = g.nodeCount();
    COMPARISON.differentiate(g, loss, List.of("x"), n -> "dx");
    return g.nodes().subList(before, g.nodeCount()).stream()
        .map(NodeProto::getOpType).collect(Collectors.toSet());
  }

  /**
   * lenet's CPU training and attack graphs pool without Indices and have no MaxPoolGrad, and a
   * 3-member lenet's gradients (images and every parameter) are MaxPoolGrad's bit for bit.
   */
  @Test
  void lenetOnTheCpuPoolsWithoutIndices() {
    ModelSpec spec = new ModelSpec("lenet", new ImageShape(1, 28, 28), 10, 3);
    for (List<NodeProto> nodes : cpuGradientGraphs(spec)) {
      assertTrue(nodes.stream().noneMatch(n -> n.getOpType().equals("MaxPoolGrad")));
      List<NodeProto> pools =
          nodes.stream().filter(n -> n.getOpType().equals("MaxPool")).toList();
      assertEquals(12, pools.size(), "each member's two pools and their maxima's numbering");
      assertTrue(pools.stream().allMatch(n -> n.getOutputCount() == 1), "no Indices");
    }
    ZooModel model = ModelZoo.create(spec);
    Map<String, float[]> maxPoolGrad = NetworkGradients.of(model, Differentiator.standard()
        .mergingSharedInputConvolutions(channels -> channels % 8 != 0));
    Map<String, float[]> comparison = NetworkGradients.of(model, COMPARISON
        .mergingSharedInputConvolutions(channels -> channels % 8 != 0));
    for (String name : maxPoolGrad.keySet()) {
      assertArrayEquals(maxPoolGrad.get(name), comparison.get(name), name);
    }
  }

  /**
   * cnn1's CPU training and attack graphs keep MaxPoolGrad (and Indices) only for the last,
   * end-padded stride-2 pool; its stride-1 and tiling pools are differentiated by comparison, and
   * its gradients (images and every parameter) are MaxPoolGrad's within rounding.
   */
  @Test
  void cnn1OnTheCpuKeepsMaxPoolGradForItsLastPoolOnly() {
    ModelSpec spec = new ModelSpec("cnn1", new ImageShape(3, 32, 32), 10, 1);
    for (List<NodeProto> nodes : cpuGradientGraphs(spec)) {
      assertEquals(1, nodes.stream().filter(n -> n.getOpType().equals("MaxPoolGrad")).count());
      assertEquals(1, nodes.stream()
          .filter(n -> n.getOpType().equals("MaxPool") && n.getOutputCount() == 2).count(),
          "Indices for the last pool only");
    }
    ZooModel model = ModelZoo.create(spec);
    NetworkGradients.assertWithinRounding(NetworkGradients.of(model, Differentiator.standard()),
        NetworkGradients.of(model, COMPARISON), "cnn1");
  }

  /**
   * The nodes of the training graph of {@code spec} built with the CPU's training differentiator,
   * then with its attack differentiator.
   */
  private static List<List<NodeProto>> cpuGradientGraphs(ModelSpec spec) {
    TrainingConfig config = TrainingConfig.adamW(1, 16, 1);
    return Stream.of(OrtTrainingEngine.differentiator(OrtSettings.cpu()),
            OrtTrainingEngine.differentiator(OrtSettings.cpu()))
        .map(d -> nodes(TrainingArtifacts.build(ModelZoo.create(spec),
            LossSpec.crossEntropy(10), config, OptimizerSpec.adamW(config), d).trainingModel()))
        .toList();
  }

  private static List<NodeProto> nodes(byte[] model) {
    try {
      return ModelProto.parseFrom(model).getGraph().getNodeList();
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }
}
