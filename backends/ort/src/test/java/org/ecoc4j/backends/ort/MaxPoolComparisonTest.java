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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
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
 * MaxPool over tiling windows differentiated by comparing the input with the maxima ({@link
 * PoolingRules#maxPoolByComparison}), which the CPU's differentiators use: against finite
 * differences, bit for bit against {@code MaxPoolGrad} where maxima repeat, its fall-backs, and
 * lenet's CPU graphs.
 */
class MaxPoolComparisonTest {

  private static final Differentiator COMPARISON = Differentiator.standard()
      .withRule("MaxPool", PoolingRules.maxPoolByComparison(LayerRules.MAX_POOL));

  @Test
  void matchesFiniteDifferences() {
    new GradientChecker(COMPARISON, 1e-2, 5e-3, 1e-2, 64).check(
        List.of(floats("x", distinct(2 * 3 * 4 * 6, 31, 0.05), 2, 3, 4, 6)),
        g -> g.maxPool("x", 2, 2).output());
  }

  /**
   * The input gradient is MaxPoolGrad's bit for bit, for 2x2 and 3x2 windows, on inputs of five
   * levels (many windows hold their maximum more than once, where dY goes to the first), plain
   * and after a ReLU (windows of zeros).
   */
  @Test
  void equalsMaxPoolGradWhereMaximaRepeat() {
    float[] x = uniform(4 * 3 * 6 * 8, 32);
    for (int i = 0; i < x.length; i++) {
      x[i] = Math.round(x[i] * 2) / 2f;
    }
    for (long[] kernel : List.of(new long[] {2, 2}, new long[] {3, 2})) {
      Window tiles = new Window(kernel, kernel, new long[] {0, 0, 0, 0}, new long[] {1, 1});
      List<Function<GraphBuilder, String>> pools = List.of(
          g -> g.maxPool("x", tiles).output(), g -> g.maxPool(g.relu("x"), tiles).output());
      for (Function<GraphBuilder, String> pooled : pools) {
        assertArrayEquals(inputGradient(Differentiator.standard(), pooled, x),
            inputGradient(COMPARISON, pooled, x));
      }
      long repeated = repeatedMaxima(x, kernel);
      assertTrue(repeated > 20, repeated + " windows whose maximum repeats");
    }
  }

  private static long repeatedMaxima(float[] x, long[] kernel) {
    long count = 0;
    for (int plane = 0; plane < 4 * 3; plane++) {
      for (int r = 0; r < 6; r += kernel[0]) {
        for (int c = 0; c < 8; c += kernel[1]) {
          float max = Float.NEGATIVE_INFINITY;
          int times = 0;
          for (int i = 0; i < kernel[0]; i++) {
            for (int j = 0; j < kernel[1]; j++) {
              float v = x[plane * 48 + (r + i) * 8 + c + j];
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

  /** Overlapping, padded and uneven windows keep MaxPoolGrad; tiling windows do not need it. */
  @Test
  void otherMaxPoolsKeepMaxPoolGrad() {
    assertTrue(backward(g -> g.maxPool(g.relu("x"), 2, 1).output()).contains("MaxPoolGrad"));
    assertTrue(backward(g -> g.maxPool(g.relu("x"), 2, 2, 1).output()).contains("MaxPoolGrad"),
        "end padding");
    assertTrue(backward(g -> g.maxPool(g.relu("x"), 4, 4).output()).contains("MaxPoolGrad"),
        "6 rows do not tile by 4");
    for (Function<GraphBuilder, String> tiling : List.<Function<GraphBuilder, String>>of(
        g -> g.maxPool(g.relu("x"), 2, 2).output(), g -> g.maxPool(g.tanh("x"), 2, 2).output())) {
      Set<String> ops = backward(tiling);
      assertFalse(ops.contains("MaxPoolGrad"), ops.toString());
      assertTrue(ops.containsAll(Set.of("Resize", "Equal", "Where", "MaxPool")), ops.toString());
    }
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
    TrainingConfig config = TrainingConfig.adamW(1, 16, 1);
    for (Differentiator d : List.of(OrtTrainingEngine.differentiator(OrtSettings.cpu()),
        OrtTrainingEngine.attackDifferentiator(OrtSettings.cpu()))) {
      List<NodeProto> nodes = nodes(TrainingArtifacts.build(ModelZoo.create(spec),
          LossSpec.crossEntropy(10), config, OptimizerSpec.adamW(config), d).trainingModel());
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

  private static List<NodeProto> nodes(byte[] model) {
    try {
      return ModelProto.parseFrom(model).getGraph().getNodeList();
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }
}
