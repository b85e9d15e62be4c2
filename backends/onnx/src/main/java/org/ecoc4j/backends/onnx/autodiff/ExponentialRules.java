package org.ecoc4j.backends.onnx.autodiff;

import java.util.Map;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;

/** Gradients of Exp ({@code dX = dY * Y}) and Log ({@code dX = dY / X}). */
final class ExponentialRules {

  private ExponentialRules() {}

  static void register(Map<String, GradientRule> rules) {
    rules.put("Exp", c -> c.addInputGradient(0, c.graph().mul(c.outputGradient(0), c.output(0))));
    rules.put("Log", c -> {
      GraphBuilder g = c.graph();
      c.addInputGradient(0, g.div(c.outputGradient(0), c.input(0)));
    });
  }
}
