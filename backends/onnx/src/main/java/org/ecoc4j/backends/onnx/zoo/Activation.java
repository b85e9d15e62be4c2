package org.ecoc4j.backends.onnx.zoo;

import org.ecoc4j.backends.onnx.graph.GraphBuilder;

/** The hidden-layer nonlinearity of a zoo model. */
public enum Activation {
  /** {@code max(0, x)}. */
  RELU,
  /** {@code x} for positive inputs, {@code exp(x) - 1} otherwise (alpha 1). */
  ELU;

  /** Appends this nonlinearity to {@code g}. */
  public String apply(GraphBuilder g, String x) {
    return this == RELU ? g.relu(x) : g.elu(x, 1f);
  }
}
