package org.ecoc4j.backends.onnx.autodiff;

import org.ecoc4j.backends.onnx.graph.GraphBuilder;

/** Gradients of Exp ({@code dX = dY * Y}) and Log ({@code dX = dY / X}). */
public final class ExponentialRules {

  private ExponentialRules() {}

  /** The rule of Exp. */
  public static final GradientRule EXP =
      c -> c.addInputGradient(0, c.graph().mul(c.outputGradient(0), c.output(0)));

  /** The rule of Log. */
  public static final GradientRule LOG = c -> {
    GraphBuilder g = c.graph();
    c.addInputGradient(0, g.div(c.outputGradient(0), c.input(0)));
  };
}
