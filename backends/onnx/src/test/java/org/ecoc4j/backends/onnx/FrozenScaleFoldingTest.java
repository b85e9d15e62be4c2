package org.ecoc4j.backends.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.backends.onnx.autodiff.Differentiator;
import org.ecoc4j.backends.onnx.graph.FrozenScaleFolding;
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
 * Which chains {@link FrozenScaleFolding} folds into their convolution, and the graph it leaves;
 * the values are checked against ONNX Runtime in the ort backend's {@code FrozenScaleFoldingTest}.
 */
class FrozenScaleFoldingTest {

  private static final long C = 4;

  /** A graph with input x [2, 4, 6, 6] and constant weights w, bias b and statistics. */
  private static GraphBuilder withConstants() {
    GraphBuilder g = new GraphBuilder();
    g.input("x", TensorInfo.floats(2, C, 6, 6));
    float[] weights = new float[(int) (C * C * 9)];
    Arrays.fill(weights, 0.5f);
    g.namedConstant("w", weights, C, C, 3, 3);
    for (String p : List.of("b", "scale", "shift", "mean", "var")) {
      g.namedConstant(p, new float[] {1, 2, 3, 4}, C);
    }
    return g;
  }

  private static String batchNorm(GraphBuilder g, String x) {
    return g.batchNormInference(x, "scale", "shift", "mean", "var", 1e-5f);
  }

  private static List<NodeProto> ofType(GraphBuilder g, String op) {
    return g.nodes().stream().filter(n -> n.getOpType().equals(op)).toList();
  }

  private static NodeProto maker(GraphBuilder g, String tensor) {
    return g.nodes().stream().filter(n -> n.getOutputList().contains(tensor)).findFirst()
        .orElseThrow();
  }

  @Test
  void batchNormalizationAfterAConvolutionOfConstantsBecomesItsWeightsAndBias() {
    GraphBuilder g = withConstants();
    String y = batchNorm(g, g.conv("x", "w", "b", 1, 1));
    String activated = g.relu(y);
    g.output(activated);
    NodeProto reader = ofType(g, "Relu").get(0);

    assertEquals(2, FrozenScaleFolding.fold(g), "the scale and the shift");

    List<NodeProto> convs = ofType(g, "Conv");
    assertEquals(1, convs.size());
    NodeProto conv = convs.get(0);
    assertEquals(List.of(y), conv.getOutputList(), "the convolution takes the chain's name");
    assertEquals(TensorInfo.floats(2, C, 6, 6), g.info(y));
    assertTrue(g.nodes().contains(reader), "what read the chain is as it was");
    assertTrue(g.nodes().indexOf(conv) < g.nodes().indexOf(reader));
    NodeProto scaled = maker(g, conv.getInput(1));
    assertEquals("Mul", scaled.getOpType());
    assertEquals("w", scaled.getInput(0));
    assertEquals(TensorInfo.floats(C, C, 3, 3), g.info(conv.getInput(1)));
    NodeProto bias = maker(g, conv.getInput(2));
    assertEquals("Add", bias.getOpType(), "the shift added to the scaled bias");
    assertEquals("Mul", maker(g, bias.getInput(0)).getOpType());
    assertEquals(TensorInfo.floats(C), g.info(conv.getInput(2)));
    assertTrue(ofType(g, "Mul").stream().noneMatch(n -> g.info(n.getOutput(0)).rank() == 4
        && g.info(n.getOutput(0)).dim(0) == 2), "no Mul over the activations is left");
    g.model("folded");
  }

  @Test
  void aConvolutionWithoutBiasTakesTheShiftAsItsBias() {
    GraphBuilder g = withConstants();
    Window same = new Window(new long[] {3, 3}, new long[] {1, 1}, new long[] {1, 1, 1, 1},
        new long[] {1, 1});
    float[] depthwise = new float[(int) (C * 9)];
    Arrays.fill(depthwise, 0.25f);
    g.namedConstant("depthwise", depthwise, C, 1, 3, 3);
    String y = batchNorm(g, g.conv("x", "depthwise", null, same, C));
    g.output(y);

    assertEquals(2, FrozenScaleFolding.fold(g));

    NodeProto conv = ofType(g, "Conv").get(0);
    assertEquals(3, conv.getInputCount());
    assertEquals("Reshape", maker(g, conv.getInput(2)).getOpType(), "the shift alone");
    assertEquals(C, conv.getAttributeList().stream().filter(a -> a.getName().equals("group"))
        .findFirst().orElseThrow().getI(), "the attributes are kept");
    assertEquals(List.of(y), g.outputs());
    g.model("folded");
  }

  @Test
  void chainsThatAreReadElsewhereOrDependOnTheInputsStayAsBuilt() {
    GraphBuilder g = withConstants();
    g.input("fed", TensorInfo.floats(C, C, 3, 3));
    String twice = g.conv("x", "w", "b", 1, 1);
    g.output(g.add(batchNorm(g, twice), twice));
    g.output(batchNorm(g, g.conv("x", "fed", "b", 1, 1)));
    String output = g.conv("x", "w", null, 1, 1);
    g.output(output);
    g.output(batchNorm(g, output));
    g.output(g.mul(g.conv("x", "w", "b", 1, 1), g.reshape(g.neg("x"), 2, C, 6, 6)));
    String perImage = g.reshape(g.reduceSum(g.neg("x"), true, 0, 2, 3), 1, C, 1, 1);
    g.output(g.mul(g.conv("x", "w", "b", 1, 1), perImage));
    List<NodeProto> before = g.nodes();

    assertEquals(0, FrozenScaleFolding.fold(g));
    assertEquals(before, g.nodes());
  }

  /**
   * cnn1 and resnet32 put batch normalization after every convolution: their attack graphs (the
   * forward pass and the input gradient) scale no activation and no gradient per channel.
   */
  @Test
  void attackGraphsOfNetworksWithBatchNormalizationAfterEachConvolutionScaleNoActivation() {
    for (String architecture : List.of("cnn1", "resnet32")) {
      ZooModel model =
          ModelZoo.create(new ModelSpec(architecture, new ImageShape(3, 32, 32), 10, 1));
      LossSpec loss = LossSpec.crossEntropy(10);
      GraphProto graph = AttackGraph.build(model, loss, 2,
          CheckpointReader.read(TrainingArtifacts.build(model, loss,
              TrainingConfig.adamW(1, 2, 1)).checkpoint()), Differentiator.standard()).getGraph();
      Map<String, Integer> ranks = new HashMap<>();
      graph.getValueInfoList().forEach(v ->
          ranks.put(v.getName(), v.getType().getTensorType().getShape().getDimCount()));
      graph.getInitializerList().forEach(t -> ranks.put(t.getName(), t.getDimsCount()));
      List<String> scaled = graph.getNodeList().stream()
          .filter(n -> (n.getOpType().equals("Mul") || n.getOpType().equals("Add"))
              && ranks.getOrDefault(n.getOutput(0), 0) == 4
              && n.getInputList().stream().anyMatch(i -> isPerChannel(graph, i)))
          .map(NodeProto::getName)
          .toList();
      assertTrue(graph.getValueInfoList().stream().anyMatch(v -> isPerChannel(graph,
          v.getName())), architecture + ": the statistics' [1, C, 1, 1] tensors are declared");
      assertTrue(scaled.isEmpty(), architecture + ": activations scaled per channel by "
          + scaled);
    }
  }

  /** Whether {@code name} is a tensor of dims [1, C, 1, 1] in {@code graph}'s value infos. */
  private static boolean isPerChannel(GraphProto graph, String name) {
    return graph.getValueInfoList().stream().filter(v -> v.getName().equals(name))
        .map(v -> v.getType().getTensorType().getShape().getDimList())
        .anyMatch(d -> d.size() == 4 && d.get(0).getDimValue() == 1 && d.get(1).getDimValue() > 1
            && d.get(2).getDimValue() == 1 && d.get(3).getDimValue() == 1);
  }
}
