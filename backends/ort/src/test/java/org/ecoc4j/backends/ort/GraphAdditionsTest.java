package org.ecoc4j.backends.ort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link GraphAdditions}: names no tensor or node of the graph has, and the initializers. */
class GraphAdditionsTest {

  private static GraphProto graph() {
    return GraphProto.newBuilder()
        .addInput(ValueInfoProto.newBuilder().setName("x"))
        .addOutput(ValueInfoProto.newBuilder().setName("y"))
        .addValueInfo(ValueInfoProto.newBuilder().setName("v"))
        .addInitializer(TensorProto.newBuilder().setName("w"))
        .addNode(NodeProto.newBuilder().setName("n").setOpType("Relu").addInput("a")
            .addOutput("b"))
        .build();
  }

  @Test
  void freshNamesAvoidTheGraphsNamesAndEarlierAdditions() {
    GraphAdditions additions = new GraphAdditions(graph());
    for (String taken : List.of("x", "y", "v", "w", "n", "a", "b")) {
      assertEquals(taken + "_1", additions.fresh(taken));
    }
    assertEquals("x_2", additions.fresh("x"));
    assertEquals("z", additions.fresh("z"));
    assertEquals("z_1", additions.fresh("z"));
    NodeProto node = additions.node("Relu", "", List.of("x"), "z_2", List.of());
    assertEquals("z_2.node", node.getName());
    assertEquals(List.of("x"), node.getInputList());
    assertEquals(List.of("z_2"), node.getOutputList());
  }

  @Test
  void addsInt64VectorsAndOnesOncePerChannelCount() {
    GraphAdditions additions = new GraphAdditions(graph());
    String shape = additions.int64s("shape", 2, -1, 5);
    String ones = additions.ones(3);
    assertEquals(ones, additions.ones(3));
    String other = additions.ones(4);
    List<TensorProto> added = additions.initializers();
    assertEquals(List.of(shape, ones, other), added.stream().map(TensorProto::getName).toList());
    assertEquals(List.of(2L, -1L, 5L), added.get(0).getInt64DataList());
    assertEquals(List.of(3L, 1L, 1L, 1L), added.get(1).getDimsList());
    assertEquals(List.of(1f, 1f, 1f), added.get(1).getFloatDataList());
    assertEquals(TensorProto.DataType.FLOAT_VALUE, added.get(2).getDataType());
    assertThrows(UnsupportedOperationException.class, () -> added.add(added.get(0)));
  }
}
