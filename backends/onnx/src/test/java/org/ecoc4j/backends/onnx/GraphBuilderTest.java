package org.ecoc4j.backends.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.List;
import java.util.Map;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.backend.UnknownArchitectureException;
import org.ecoc4j.backends.onnx.autodiff.Differentiator;
import org.ecoc4j.backends.onnx.graph.ElementType;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;
import org.ecoc4j.backends.onnx.graph.TensorInfo;
import org.ecoc4j.backends.onnx.zoo.Forward;
import org.ecoc4j.backends.onnx.zoo.LeNet;
import org.ecoc4j.backends.onnx.zoo.ModelZoo;
import org.ecoc4j.backends.onnx.zoo.ParameterSpec;
import org.ecoc4j.backends.onnx.zoo.ResNetV2;
import org.ecoc4j.backends.onnx.zoo.ZooModel;
import org.junit.jupiter.api.Test;

class GraphBuilderTest {

  private static String lenetOutput(GraphBuilder g, ZooModel model, long batch) {
    ImageShape s = model.spec().input();
    String images = g.input("images", TensorInfo.floats(batch, s.channels(), s.height(), s.width()));
    for (ParameterSpec p : model.parameters()) {
      g.input(p.name(), TensorInfo.floats(p.dims()));
    }
    return model.forward(g, images, false).output();
  }

  @Test
  void lenetShapesFollowTheInput() {
    ZooModel mnist = ModelZoo.create(new ModelSpec(LeNet.NAME, new ImageShape(1, 28, 28), 10, 1));
    assertArrayEquals(new long[] {120, 400}, mnist.parameters().get(4).dims());
    GraphBuilder g = new GraphBuilder();
    assertEquals(TensorInfo.floats(TensorInfo.BATCH, 10), g.info(lenetOutput(g, mnist, TensorInfo.BATCH)));

    ZooModel cifar = ModelZoo.create(new ModelSpec(LeNet.NAME, new ImageShape(3, 32, 32), 16, 3));
    assertEquals(30, cifar.parameters().size());
    assertArrayEquals(new long[] {120, 576}, cifar.parameters().get(4).dims());
    GraphBuilder h = new GraphBuilder();
    assertEquals(TensorInfo.floats(7, 48), h.info(lenetOutput(h, cifar, 7)));
  }

  @Test
  void resnet20v2HasTheKerasParameterCountAndStatistics() {
    ZooModel resnet =
        ModelZoo.create(new ModelSpec(ResNetV2.NAME_20, new ImageShape(3, 32, 32), 10, 1));
    long total = resnet.parameters().stream().mapToLong(ParameterSpec::size).sum();
    assertEquals(574_090, total, "Keras reports 574,090 parameters for ResNet20v2 on CIFAR-10");
    long statistics = resnet.parameters().stream().filter(p -> !p.trainable()).count();
    assertEquals(2 * 19, statistics, "19 batch normalizations, 2 running statistics each");

    GraphBuilder training = new GraphBuilder();
    ImageShape s = resnet.spec().input();
    String images = training.input("images", TensorInfo.floats(2, 3, 32, 32));
    resnet.parameters().forEach(p -> training.input(p.name(), TensorInfo.floats(p.dims())));
    Forward forward = resnet.forward(training, images, true);
    assertEquals(TensorInfo.floats(2, 10), training.info(forward.output()));
    assertEquals(statistics, forward.statisticUpdates().size());
    assertEquals(3, s.channels());

    GraphBuilder eval = new GraphBuilder();
    assertEquals(TensorInfo.floats(TensorInfo.BATCH, 10),
        eval.info(lenetOutput(eval, resnet, TensorInfo.BATCH)));
  }

  @Test
  void lenetRefusesTinyImages() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class,
            () -> ModelZoo.create(new ModelSpec(LeNet.NAME, new ImageShape(1, 8, 8), 10, 1)));
    assertTrue(e.getMessage().contains("12x12"), e.getMessage());
  }

  @Test
  void modelDeclaresOpsetsAndValueInfo() {
    GraphBuilder g = new GraphBuilder();
    g.input("x", TensorInfo.floats(2, 1, 4, 4));
    String relu = g.relu("x");
    GraphBuilder.Pooled pooled = g.maxPool(relu, 2, 2);
    g.output(pooled.output());
    ModelProto model = g.model("m");
    assertEquals(2, model.getOpsetImportCount());
    assertEquals(GraphBuilder.OPSET, model.getOpsetImport(0).getVersion());
    assertEquals(GraphBuilder.MS_DOMAIN, model.getOpsetImport(1).getDomain());
    assertTrue(model.getGraph().getValueInfoList().stream()
        .anyMatch(v -> v.getName().equals(relu)));
    assertEquals(TensorInfo.longs(2, 1, 2, 2), g.info(pooled.indices()));
  }

  /**
   * A forward-only graph writes its MaxPool without the Indices output (ONNX Runtime's slow path
   * for it), a graph that reads them (a gradient, a graph output) keeps them.
   */
  @Test
  void maxPoolIndicesAreWrittenOnlyWhereSomethingReadsThem() {
    GraphBuilder forward = new GraphBuilder();
    forward.input("x", TensorInfo.floats(2, 1, 4, 4));
    GraphBuilder.Pooled unread = forward.maxPool("x", 2, 2);
    forward.output(unread.output());
    GraphProto written = forward.model("forward").getGraph();
    NodeProto pool = maxPoolOf(written);
    assertEquals(List.of(unread.output()), pool.getOutputList());
    assertTrue(written.getValueInfoList().stream()
        .noneMatch(v -> v.getName().equals(unread.indices())));
    assertEquals(TensorInfo.longs(2, 1, 2, 2), forward.info(unread.indices()));

    GraphBuilder asOutput = new GraphBuilder();
    asOutput.input("x", TensorInfo.floats(2, 1, 4, 4));
    GraphBuilder.Pooled out = asOutput.maxPool("x", 2, 2);
    asOutput.output(out.output());
    asOutput.output(out.indices());
    assertEquals(List.of(out.output(), out.indices()),
        maxPoolOf(asOutput.model("indices").getGraph()).getOutputList());

    GraphBuilder gradient = new GraphBuilder();
    gradient.input("x", TensorInfo.floats(2, 1, 4, 4));
    GraphBuilder.Pooled read = gradient.maxPool("x", 2, 2);
    String loss = gradient.reduceSum(read.output(), false);
    String dx = Differentiator.standard()
        .differentiate(gradient, loss, List.of("x"), n -> n + "_grad").get("x");
    gradient.output(dx);
    GraphProto withGradient = gradient.model("gradient").getGraph();
    assertEquals(List.of(read.output(), read.indices()), maxPoolOf(withGradient).getOutputList());
    assertTrue(withGradient.getValueInfoList().stream()
        .anyMatch(v -> v.getName().equals(read.indices())));
  }

  private static NodeProto maxPoolOf(GraphProto graph) {
    return graph.getNodeList().stream()
        .filter(n -> n.getOpType().equals("MaxPool")).findFirst().orElseThrow();
  }

  @Test
  void namesAreUniqueAndExactNamesAreGuarded() {
    GraphBuilder g = new GraphBuilder();
    g.input("x", TensorInfo.floats(3));
    String a = g.relu("x");
    String b = g.relu("x");
    assertTrue(!a.equals(b));
    g.identityNamed(a, "result");
    assertThrows(IllegalArgumentException.class, () -> g.identityNamed(b, "result"));
    assertThrows(IllegalArgumentException.class, () -> g.input("x", TensorInfo.floats(3)));
    assertThrows(IllegalArgumentException.class, () -> g.relu("missing"));
    assertThrows(IllegalArgumentException.class, () -> g.concat(0, List.of("x", g.longs("l", 1, 2))));
  }

  @Test
  void toFloatCastsBooleansOnly() {
    GraphBuilder g = new GraphBuilder();
    g.input("x", TensorInfo.floats(2, 3));
    String mask = g.toFloat(g.greater("x", g.scalar("zero", 0f)));
    assertEquals(TensorInfo.floats(2, 3), g.info(mask));
    NodeProto cast = g.nodes().get(g.nodeCount() - 1);
    assertEquals("Cast", cast.getOpType());
    assertEquals(ElementType.FLOAT, cast.getAttribute(0).getI());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> g.toFloat("x"));
    assertTrue(e.getMessage().contains("boolean"), e.getMessage());
  }

  @Test
  void replaceMovesTheNewNodesIntoPlaceUnderTheOldNames() {
    GraphBuilder g = new GraphBuilder();
    g.input("x", TensorInfo.floats(2, 3));
    String a = g.relu("x");
    String unread = g.neg("x");
    g.tanh(a);
    g.output(a);
    List<NodeProto> old = g.nodes().subList(0, 2);
    int mark = g.nodeCount();
    String c = g.sigmoid("x");
    g.replace(old, mark, Map.of(a, c));
    List<NodeProto> nodes = g.nodes();
    assertEquals(List.of("Sigmoid", "Tanh"), nodes.stream().map(NodeProto::getOpType).toList());
    assertEquals(List.of(a), nodes.get(0).getOutputList(), "the successor takes the old name");
    assertEquals(a, nodes.get(1).getInput(0));
    assertEquals(List.of(a), g.outputs());
    assertEquals(TensorInfo.floats(2, 3), g.info(a));
    assertThrows(IllegalArgumentException.class, () -> g.info(c), "the new name is gone");
    assertThrows(IllegalArgumentException.class, () -> g.info(unread), "so is the unread output");
    assertEquals(2, g.model("replaced").getGraph().getNodeCount());
  }

  @Test
  void replaceMovesTheNewNodesAfterTheLastNodeThatMakesWhatTheyRead() {
    GraphBuilder g = new GraphBuilder();
    g.input("x", TensorInfo.floats(2, 3));
    String a = g.relu("x");
    NodeProto relu = g.nodes().get(0);
    String later = g.neg("x");
    String sum = g.add(a, later);
    int mark = g.nodeCount();
    g.mul("x", later);
    g.replace(List.of(relu), mark, Map.of(a, g.nodes().get(mark).getOutput(0)));
    List<NodeProto> nodes = g.nodes();
    assertEquals(List.of("Neg", "Mul", "Add"),
        nodes.stream().map(NodeProto::getOpType).toList(), "the Mul reads Neg's output");
    assertEquals(List.of(a), nodes.get(1).getOutputList());
    assertEquals(List.of(a, later), nodes.get(2).getInputList());
    assertEquals(List.of(sum), nodes.get(2).getOutputList());
  }

  @Test
  void replaceRefusesWhatWouldBreakTheGraphAndLeavesItAsItWas() {
    GraphBuilder g = new GraphBuilder();
    g.input("x", TensorInfo.floats(2, 3));
    String a = g.relu("x");
    String b = g.tanh(a);
    NodeProto relu = g.nodes().get(0);
    int mark = g.nodeCount();
    String c = g.sigmoid("x");
    String wide = g.concat(1, List.of(c, c));
    List<NodeProto> before = g.nodes();
    IllegalArgumentException unread =
        assertThrows(IllegalArgumentException.class, () -> g.replace(List.of(relu), mark, Map.of()));
    assertTrue(unread.getMessage().contains(a), unread.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> g.replace(List.of(relu), mark, Map.of(a, wide)), "another shape");
    assertThrows(IllegalArgumentException.class,
        () -> g.replace(List.of(relu), mark, Map.of(a, "x")), "not made after the mark");
    NodeProto sigmoid = g.nodes().get(2);
    assertThrows(IllegalArgumentException.class,
        () -> g.replace(List.of(sigmoid), mark, Map.of(c, a)), "a node after the mark");
    assertEquals(before, g.nodes());
    g.neg(b);
    List<NodeProto> withNeg = g.nodes();
    IllegalArgumentException early = assertThrows(IllegalArgumentException.class,
        () -> g.replace(List.of(relu), mark, Map.of(a, c)));
    assertTrue(early.getMessage().contains("'" + a + "' before it is made"),
        "Neg reads tanh's output, so the replacement goes after tanh, which reads its successor: "
            + early.getMessage());
    assertEquals(withNeg, g.nodes());
    assertEquals(TensorInfo.floats(2, 3), g.info(c));
  }

  @Test
  void unknownArchitectureListsTheKnownOnes() {
    UnknownArchitectureException e =
        assertThrows(UnknownArchitectureException.class,
            () -> ModelZoo.create(new ModelSpec("vgg", new ImageShape(1, 28, 28), 10, 1)));
    assertTrue(e.getMessage().contains("lenet"), e.getMessage());
    assertEquals("vgg", e.architecture());
    assertTrue(e.known().contains("lenet"), e.known().toString());
  }
}
