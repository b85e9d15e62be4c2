package org.ecoc4j.backends.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.List;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.backends.onnx.autodiff.Differentiator;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;
import org.ecoc4j.backends.onnx.graph.SharedInputConvolutions;
import org.ecoc4j.backends.onnx.graph.TensorInfo;
import org.ecoc4j.backends.onnx.graph.Window;
import org.ecoc4j.backends.onnx.zoo.LeNet;
import org.ecoc4j.backends.onnx.zoo.ModelZoo;
import org.ecoc4j.backends.onnx.zoo.ParameterSpec;
import org.ecoc4j.backends.onnx.zoo.ResNetV2;
import org.ecoc4j.backends.onnx.zoo.ZooModel;
import org.junit.jupiter.api.Test;

/** Which convolutions {@link SharedInputConvolutions} merges, and the graph it leaves. */
class SharedInputConvolutionsTest {

  private static GraphBuilder withInputs() {
    GraphBuilder g = new GraphBuilder();
    g.input("x", TensorInfo.floats(2, 4, 8, 8));
    g.input("z", TensorInfo.floats(2, 4, 8, 8));
    for (int i = 0; i < 3; i++) {
      long out = i == 1 ? 2 : 4;
      g.input("w" + i, TensorInfo.floats(out, 4, 3, 3));
      g.input("b" + i, TensorInfo.floats(out));
    }
    return g;
  }

  private static List<NodeProto> ofType(GraphBuilder g, String op) {
    return g.nodes().stream().filter(n -> n.getOpType().equals(op)).toList();
  }

  @Test
  void convolutionsOfOneInputWithOneWindowBecomeOneWhoseChannelsAreSplit() {
    GraphBuilder g = withInputs();
    String y0 = g.conv("x", "w0", "b0", 1, 1);
    String strided = g.conv("x", "w0", "b0", 2, 1);
    String y1 = g.conv("x", "w1", "b1", 1, 1);
    String other = g.conv("z", "w1", "b1", 1, 1);
    String r0 = g.relu(y0);
    String y2 = g.conv("x", "w2", "b2", 1, 1);
    String all = g.concat(1, List.of(r0, y1, y2));
    g.output(all);
    g.output(strided);
    g.output(other);
    List<NodeProto> readers = List.of(ofType(g, "Relu").get(0), ofType(g, "Concat").get(0));

    assertEquals(0, SharedInputConvolutions.merge(g, channels -> channels % 4 != 0),
        "only w1 has 2 output channels, and it has no partner");
    assertEquals(2, SharedInputConvolutions.merge(g, channels -> true));

    List<NodeProto> convs = ofType(g, "Conv");
    assertEquals(3, convs.size(), "the merged one, the strided one, the one of z");
    NodeProto merged = convs.get(0);
    assertEquals("x", merged.getInput(0));
    assertEquals(TensorInfo.floats(2, 10, 8, 8), g.info(merged.getOutput(0)));
    assertEquals(List.of(strided, other),
        convs.subList(1, 3).stream().map(n -> n.getOutput(0)).toList());
    NodeProto weights = g.nodes().stream()
        .filter(n -> n.getOutputList().contains(merged.getInput(1))).findFirst().orElseThrow();
    assertEquals(List.of("w0", "w1", "w2"), weights.getInputList());
    NodeProto split = ofType(g, "Split").get(0);
    assertEquals(merged.getOutput(0), split.getInput(0));
    assertEquals(List.of(y0, y1, y2), split.getOutputList(), "the outputs keep their names");
    assertEquals(TensorInfo.floats(2, 2, 8, 8), g.info(y1));
    assertTrue(g.nodes().containsAll(readers), "what read them is as it was");
    assertTrue(g.nodes().indexOf(split) < g.nodes().indexOf(readers.get(0)));
    assertEquals(List.of(all, strided, other), g.outputs());
    g.model("merged");
  }

  @Test
  void groupedConvolutionsAndComputedWeightsStayApart() {
    GraphBuilder g = withInputs();
    g.input("depthwise", TensorInfo.floats(4, 1, 3, 3));
    Window same = new Window(new long[] {3, 3}, new long[] {1, 1}, new long[] {1, 1, 1, 1},
        new long[] {1, 1});
    g.output(g.conv("x", "depthwise", null, same, 4));
    g.output(g.conv("x", "depthwise", null, same, 4));
    String computed = g.neg("w0");
    g.output(g.conv("x", computed, "b0", 1, 1));
    g.output(g.conv("x", "w2", "b2", 1, 1));
    g.output(g.conv("x", "w2", null, 1, 1));
    List<NodeProto> before = g.nodes();

    assertEquals(0, SharedInputConvolutions.merge(g, channels -> true));
    assertEquals(before, g.nodes());
  }

  private static GraphBuilder differentiated(ZooModel model, Differentiator differentiator) {
    GraphBuilder g = new GraphBuilder();
    ImageShape s = model.spec().input();
    String images = g.input("images", TensorInfo.floats(8, s.channels(), s.height(), s.width()));
    for (ParameterSpec p : model.parameters()) {
      g.input(p.name(), TensorInfo.floats(p.dims()));
    }
    String scores = model.forward(g, images, true).output();
    differentiator.differentiate(g, g.reduceSum(scores, false), List.of(images), n -> n + "_grad");
    return g;
  }

  private static long convolutionsOf(GraphBuilder g, String input) {
    return ofType(g, "Conv").stream().filter(n -> n.getInput(0).equals(input)).count();
  }

  @Test
  void aDifferentiatorMergesTheEnsemblesFirstLayersWhenAsked() {
    Differentiator merging = Differentiator.standard()
        .mergingSharedInputConvolutions(channels -> channels % 8 != 0);
    ZooModel three = ModelZoo.create(new ModelSpec(LeNet.NAME, new ImageShape(1, 28, 28), 10, 3));
    GraphBuilder merged = differentiated(three, merging);
    assertEquals(1, convolutionsOf(merged, "images"));
    assertEquals(1 + 3, ofType(merged, "Conv").size(), "one first layer and three second ones");
    NodeProto first = ofType(merged, "Conv").get(0);
    assertEquals(TensorInfo.floats(8, 18, 28, 28), merged.info(first.getOutput(0)));
    assertEquals(3, convolutionsOf(differentiated(three, Differentiator.standard()), "images"),
        "not unless asked");

    for (String architecture : List.of(LeNet.NAME, ResNetV2.NAME_20)) {
      ZooModel one =
          ModelZoo.create(new ModelSpec(architecture, new ImageShape(3, 32, 32), 10, 1));
      assertEquals(differentiated(one, Differentiator.standard()).model("m"),
          differentiated(one, merging).model("m"), architecture + " with one member");
    }
  }
}
