package org.ecoc4j.backends.onnx.autodiff;

import ai.onnx.proto.OnnxMl.NodeProto;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;

/** What a {@link GradientRule} sees of the node it differentiates, and where it writes. */
public interface GradientContext {

  /** The graph to append gradient nodes to. */
  GraphBuilder graph();

  /** The forward node being differentiated. */
  NodeProto node();

  /** Name of the node's input {@code i}. */
  default String input(int i) {
    return node().getInput(i);
  }

  /** Name of the node's output {@code i}. */
  default String output(int i) {
    return node().getOutput(i);
  }

  /** Gradient flowing into output {@code i}, or {@code null} when none does. */
  String outputGradient(int i);

  /** Whether input {@code i} needs a gradient. */
  boolean needsGradient(int i);

  /**
   * Records {@code gradient} as (a contribution to) the gradient of input {@code i}: a tensor of
   * the input's shape, or one that broadcasts to it (size 1 on the axes it is constant along),
   * which the {@link Differentiator} adds to the other contributions by broadcasting.
   */
  void addInputGradient(int i, String gradient);

  /** An error for a node this rule cannot differentiate, naming the node and the reason. */
  default UnsupportedOperationException unsupported(String reason) {
    return new UnsupportedOperationException(
        "cannot differentiate " + node().getOpType() + " node '" + node().getName() + "': "
            + reason);
  }
}
