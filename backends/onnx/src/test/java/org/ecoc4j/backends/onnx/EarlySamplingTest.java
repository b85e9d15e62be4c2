package org.ecoc4j.backends.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.backends.onnx.autodiff.Differentiator;
import org.ecoc4j.backends.onnx.graph.Attributes;
import org.ecoc4j.backends.onnx.graph.EarlySampling;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;
import org.ecoc4j.backends.onnx.graph.TensorInfo;
import org.ecoc4j.backends.onnx.graph.Window;
import org.ecoc4j.backends.onnx.training.AttackGraph;
import org.ecoc4j.backends.onnx.training.CheckpointReader;
import org.ecoc4j.backends.onnx.training.TrainingArtifacts;
import org.ecoc4j.backends.onnx.zoo.ModelZoo;
import org.ecoc4j.backends.onnx.zoo.ZooModel;
import org.junit.jupiter.api.Test;

/**
 * Which regions {@link EarlySampling} samples early, and the graph it leaves; the values are
 * checked against ONNX Runtime in the ort backend's {@code EarlySamplingValuesTest}.
 */
class EarlySamplingTest {

  private static final long C = 4;

  /** A graph with input x [2, 4, 6, 6], a per-channel scale s and 1x1 weights w and v. */
  private static GraphBuilder withConstants() {
    GraphBuilder g = new GraphBuilder();
    g.input("x", TensorInfo.floats(2, C, 6, 6));
    g.namedConstant("s", new float[] {1, 2, 3, 4}, 1, C, 1, 1);
    float[] weights = new float[(int) (C * C)];
    Arrays.fill(weights, 0.5f);
    g.namedConstant("w", weights, C, C, 1, 1);
    g.namedConstant("v", weights, C, C, 1, 1);
    return g;
  }

  /** An unpadded 1x1 convolution of {@code x} with {@code strides}. */
  private static String pointwise(GraphBuilder g, String x, String w, long... strides) {
    return g.conv(x, w, null, new Window(new long[] {1, 1}, strides, new long[] {0, 0, 0, 0},
        new long[] {1, 1}), 1);
  }

  private static List<NodeProto> ofType(GraphBuilder g, String op) {
    return g.nodes().stream().filter(n -> n.getOpType().equals(op)).toList();
  }

  /**
   * The pre-activation stage change: x scaled, shifted and passed through ReLU into a strided
   * 1x1 convolution, and x itself into another, both stride 2: x is sampled once, the three
   * operations run on [2, 4, 3, 3], and the convolutions with stride 1 keep their output names.
   */
  @Test
  void theOperationsBeforeStridedPointwiseConvolutionsRunOnTheSampledTensor() {
    GraphBuilder g = withConstants();
    String main = pointwise(g, g.relu(g.add(g.mul("x", "s"), "s")), "w", 2, 2);
    String shortcut = pointwise(g, "x", "v", 2, 2);
    String sum = g.add(main, shortcut);
    g.output(sum);
    assertEquals(3, EarlySampling.apply(g));
    List<NodeProto> slices = ofType(g, "Slice");
    assertEquals(1, slices.size());
    NodeProto slice = slices.get(0);
    assertEquals("x", slice.getInput(0));
    assertEquals(TensorInfo.floats(2, C, 3, 3), g.info(slice.getOutput(0)));
    assertEquals(List.of(2L, 2L), Arrays.stream(g.longConstant(slice.getInput(4))).boxed()
        .toList(), "steps");
    for (String op : List.of("Mul", "Relu")) {
      NodeProto node = ofType(g, op).get(0);
      assertEquals(TensorInfo.floats(2, C, 3, 3), g.info(node.getOutput(0)), op);
    }
    List<NodeProto> convs = ofType(g, "Conv");
    assertEquals(2, convs.size());
    for (NodeProto conv : convs) {
      assertNull(Attributes.intsOf(conv, "strides"), "stride 1");
      assertEquals(TensorInfo.floats(2, C, 3, 3), g.info(conv.getOutput(0)));
    }
    assertTrue(convs.stream().anyMatch(c -> c.getOutput(0).equals(main)));
    assertTrue(convs.stream().anyMatch(c -> c.getInput(0).equals(slice.getOutput(0))
        && c.getOutput(0).equals(shortcut)), "the shortcut reads the sample");
    assertEquals(0, EarlySampling.apply(g), "nothing left to move");
  }

  /**
   * A region stays as built where one of its tensors is read by anything else (a 3x3
   * convolution, a graph output, a convolution of other strides, a padded 1x1 convolution), where
   * an operand varies over the positions (a constant grid, another input), or where a 1x1
   * convolution has stride 1.
   */
  @Test
  void regionsThatLeaveByAnotherWayStayAsBuilt() {
    List<BiFunction<GraphBuilder, String, String>> others = List.of(
        (g, y) -> g.conv(y, g.constant("k", new float[(int) (C * C * 9)], C, C, 3, 3), null, 2,
            1),
        (g, y) -> {
          g.output(y);
          return pointwise(g, y, "v", 2, 2);
        },
        (g, y) -> pointwise(g, y, "v", 1, 2),
        (g, y) -> g.conv(y, "v", null, new Window(new long[] {1, 1}, new long[] {2, 2},
            new long[] {1, 1, 1, 1}, new long[] {1, 1}), 1),
        (g, y) -> pointwise(g, g.mul(y, g.constant("grid", new float[36], 1, 1, 6, 6)), "v", 2, 2),
        (g, y) -> pointwise(g, g.mul(y, g.input("z", TensorInfo.floats(2, C, 6, 6))), "v", 2,
            2));
    for (int i = 0; i < others.size(); i++) {
      GraphBuilder g = withConstants();
      String y = g.relu(g.mul("x", "s"));
      g.output(pointwise(g, y, "w", 2, 2));
      g.output(others.get(i).apply(g, y));
      List<NodeProto> before = g.nodes();
      assertEquals(0, EarlySampling.apply(g), "case " + i);
      assertEquals(before, g.nodes(), "case " + i);
    }
    GraphBuilder g = withConstants();
    g.output(pointwise(g, g.relu("x"), "w", 1, 1));
    assertEquals(0, EarlySampling.apply(g), "stride 1");
  }

  /**
   * A convolution whose weights are computed after a node that reads the other convolution's
   * output cannot move in one piece with it: the region stays as built.
   */
  @Test
  void aRegionWhoseConvolutionsCannotMoveTogetherStaysAsBuilt() {
    GraphBuilder g = withConstants();
    String first = pointwise(g, g.relu("x"), "w", 2, 2);
    String late = g.mul("v", g.reduceMean(first, true, 0, 1, 2, 3));
    String second = pointwise(g, "x", late, 2, 2);
    g.output(g.add(first, second));
    List<NodeProto> before = g.nodes();
    assertEquals(0, EarlySampling.apply(g));
    assertEquals(before, g.nodes());
  }

  /**
   * resnet20v2's attack graph: its two stage changes sample the residual sum once each, the
   * batch normalization and ReLU before the strided convolutions run on the samples, no strided
   * convolution is left, and the input gradient spreads each sample's gradient once; wrn-16-4,
   * whose strided 3x3 convolutions read the same tensors, and cnn1, with none, sample nothing.
   */
  @Test
  void resnet20v2sStageChangesAreSampledEarly() {
    GraphProto resnet = attackGraph("resnet20v2");
    assertEquals(2, resnet.getNodeList().stream().filter(n -> n.getOpType().equals("Slice")
        && n.getInputCount() == 5 && n.getOutput(0).endsWith("_sample")).count());
    assertEquals(6, resnet.getNodeList().stream()
        .filter(n -> n.getOutput(0).endsWith("_sampled")).count(), "Mul, Add and Relu twice");
    assertTrue(resnet.getNodeList().stream().filter(n -> n.getOpType().equals("Conv"))
        .allMatch(n -> Attributes.intsOf(n, "strides") == null
            || Arrays.equals(Attributes.intsOf(n, "strides"), new long[] {1, 1})));
    assertEquals(2, resnet.getNodeList().stream()
        .filter(n -> n.getOutput(0).endsWith("_spread")).count());
    for (String architecture : List.of("wrn-16-4", "cnn1")) {
      assertTrue(attackGraph(architecture).getNodeList().stream()
          .noneMatch(n -> n.getOutput(0).endsWith("_sampled")), architecture);
    }
  }

  private static GraphProto attackGraph(String architecture) {
    ZooModel model =
        ModelZoo.create(new ModelSpec(architecture, new ImageShape(3, 32, 32), 10, 1));
    LossSpec loss = LossSpec.crossEntropy(10);
    return AttackGraph.build(model, loss, 2,
        CheckpointReader.read(TrainingArtifacts.build(model, loss,
            TrainingConfig.adamW(1, 2, 1)).checkpoint()), Differentiator.standard()).getGraph();
  }
}
