package org.ecoc4j.backends.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.List;
import java.util.Map;
import org.ecoc4j.backends.onnx.autodiff.Differentiator;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;
import org.ecoc4j.backends.onnx.graph.TensorInfo;
import org.junit.jupiter.api.Test;

class DifferentiatorTest {

  private final Differentiator differentiator = Differentiator.standard();

  @Test
  void unsupportedOperatorsAreListedWithTheirNodes() {
    GraphBuilder g = new GraphBuilder();
    g.input("x", TensorInfo.floats(3));
    String y = g.node("Sin", "", List.of("x"), List.of("sin"), List.of(TensorInfo.floats(3)), List.of()).get(0);
    String loss = g.reduceSum(y, false);
    UnsupportedOperationException e =
        assertThrows(UnsupportedOperationException.class,
            () -> differentiator.differentiate(g, loss, List.of("x"), n -> n + "_grad"));
    assertTrue(e.getMessage().contains("Sin") && e.getMessage().contains("node_Sin"), e.getMessage());
  }

  @Test
  void refusesNonScalarLossesAndUnrelatedTensors() {
    GraphBuilder g = new GraphBuilder();
    g.input("x", TensorInfo.floats(3));
    g.input("unused", TensorInfo.floats(3));
    g.input("labels", TensorInfo.longs(3));
    String y = g.relu("x");
    assertThrows(IllegalArgumentException.class,
        () -> differentiator.differentiate(g, y, List.of("x"), n -> n + "_grad"));
    String loss = g.reduceSum(y, false);
    IllegalArgumentException unrelated =
        assertThrows(IllegalArgumentException.class,
            () -> differentiator.differentiate(g, loss, List.of("unused"), n -> n + "_grad"));
    assertTrue(unrelated.getMessage().contains("unused"));
    assertThrows(IllegalArgumentException.class,
        () -> differentiator.differentiate(g, loss, List.of("labels"), n -> n + "_grad"));
  }

  @Test
  void gradientsGetExactNamesAndOnlyNeededBranchesAreDifferentiated() {
    GraphBuilder g = new GraphBuilder();
    g.input("x", TensorInfo.floats(2, 3));
    g.input("w", TensorInfo.floats(4, 3));
    String frozen = g.constant("frozen", new float[12], 4, 3);
    String y = g.gemm(g.gemm("x", "w", null, true), frozen, null, false);
    String loss = g.reduceMean(g.tanh(y), false);
    int before = g.nodes().size();
    Map<String, String> grads = differentiator.differentiate(g, loss, List.of("w"), n -> n + "_grad");
    assertEquals(Map.of("w", "w_grad"), grads);
    assertEquals(TensorInfo.floats(4, 3), g.info("w_grad"));
    List<NodeProto> backward = g.nodes().subList(before, g.nodes().size());
    long gemms = backward.stream().filter(n -> n.getOpType().equals("Gemm")).count();
    assertEquals(2, gemms, "dA of the second Gemm and dB of the first, nothing for x or frozen");
  }

  /**
   * ReduceSum's gradient is contributed with the reduced axes kept: where another contribution
   * has the full shape the chain of Adds that sums the contributions (in order, no Sum node)
   * broadcasts it and no Expand is written; where it is the only contribution one Expand makes
   * the gradient full size.
   */
  @Test
  void reduceSumGradientsBroadcastInTheAdditionAndExpandOnlyWhenAlone() {
    GraphBuilder g = new GraphBuilder();
    g.input("x", TensorInfo.floats(2, 3, 4, 4));
    String perChannel = g.reduceSum("x", true, 0, 2, 3);
    String loss = g.reduceSum(g.mul(g.mul("x", "x"), perChannel), false);
    int before = g.nodes().size();
    differentiator.differentiate(g, loss, List.of("x"), n -> n + "_grad");
    List<NodeProto> backward = g.nodes().subList(before, g.nodes().size());
    // the loss's scalar gradient is expanded once (it alone reaches the product); the
    // per-channel term of x's gradient is not
    assertEquals(List.of(TensorInfo.floats(1, 1, 1, 1)), backward.stream()
        .filter(n -> n.getOpType().equals("Expand"))
        .map(n -> g.info(n.getInput(0)))
        .toList());
    assertEquals(0, backward.stream().filter(n -> n.getOpType().equals("Sum")).count());
    // x's three contributions (x * x twice, the per-channel term last): ((a + b) + c)
    NodeProto last = backward.stream()
        .filter(n -> n.getOpType().equals("Add")
            && g.info(n.getInput(1)).equals(TensorInfo.floats(1, 3, 1, 1)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("the per-channel term is added unexpanded"));
    assertEquals(TensorInfo.floats(2, 3, 4, 4), g.info(last.getOutput(0)));
    NodeProto firstTwo = backward.stream()
        .filter(n -> n.getOutput(0).equals(last.getInput(0)))
        .findFirst()
        .orElseThrow();
    assertEquals("Add", firstTwo.getOpType());
    assertEquals(TensorInfo.floats(2, 3, 4, 4), g.info("x_grad"));

    GraphBuilder alone = new GraphBuilder();
    alone.input("x", TensorInfo.floats(2, 3, 4, 4));
    String total = alone.reduceSum(alone.reduceSum("x", true, 0, 2, 3), false);
    int first = alone.nodes().size();
    differentiator.differentiate(alone, total, List.of("x"), n -> n + "_grad");
    // each reduction's gradient alone reaches its input: one Expand each, to [1, 3, 1, 1] and x
    assertEquals(List.of(TensorInfo.floats(1, 3, 1, 1), TensorInfo.floats(2, 3, 4, 4)),
        alone.nodes().subList(first, alone.nodes().size()).stream()
            .filter(n -> n.getOpType().equals("Expand"))
            .map(n -> alone.info(n.getOutput(0)))
            .toList());
    assertEquals(TensorInfo.floats(2, 3, 4, 4), alone.info("x_grad"));
  }
}
