package org.ecoc4j.backends.onnx.autodiff;

import org.ecoc4j.backends.onnx.graph.GraphBuilder;

/** Gradients of broadcasting Add, Sub, Mul, Div and of Sum. */
public final class ArithmeticRules {

  private ArithmeticRules() {}

  /** The rule of Add. */
  public static final GradientRule ADD = c -> {
    for (int i = 0; i < 2; i++) {
      passThrough(c, i, c.outputGradient(0));
    }
  };

  /** The rule of Sum. */
  public static final GradientRule SUM = c -> {
    for (int i = 0; i < c.node().getInputCount(); i++) {
      passThrough(c, i, c.outputGradient(0));
    }
  };

  /** The rule of Sub. */
  public static final GradientRule SUB = c -> {
    passThrough(c, 0, c.outputGradient(0));
    if (c.needsGradient(1)) {
      passThrough(c, 1, c.graph().neg(c.outputGradient(0)));
    }
  };

  /** The rule of Div. */
  public static final GradientRule DIV = ArithmeticRules::div;

  /** The rule of Mul. */
  public static final GradientRule MUL = c -> {
    GraphBuilder g = c.graph();
    if (c.needsGradient(0)) {
      passThrough(c, 0, g.mul(c.outputGradient(0), c.input(1)));
    }
    if (c.needsGradient(1)) {
      passThrough(c, 1, g.mul(c.outputGradient(0), c.input(0)));
    }
  };

  /** {@code dA = dY / B}, {@code dB = -dY * Y / B}. */
  private static void div(GradientContext c) {
    GraphBuilder g = c.graph();
    String scaled = g.div(c.outputGradient(0), c.input(1));
    if (c.needsGradient(0)) {
      passThrough(c, 0, scaled);
    }
    if (c.needsGradient(1)) {
      passThrough(c, 1, g.neg(g.mul(scaled, c.output(0))));
    }
  }

  private static void passThrough(GradientContext c, int i, String gradient) {
    if (c.needsGradient(i)) {
      c.addInputGradient(i, Broadcasting.reduceTo(c.graph(), gradient, c.input(i)));
    }
  }
}
