package org.ecoc4j.backends.onnx.autodiff;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ecoc4j.backends.onnx.graph.Attributes;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;

/**
 * Gradients of operators that pass some input elements through unchanged: Split (the outputs'
 * gradients concatenated, zeros for outputs no gradient reaches).
 */
final class SelectionRules {

  private SelectionRules() {}

  static void register(Map<String, GradientRule> rules) {
    rules.put("Split", SelectionRules::split);
  }

  private static void split(GradientContext c) {
    GraphBuilder g = c.graph();
    int axis = (int) Attributes.intOf(c.node(), "axis", 0);
    if (axis < 0) {
      axis += g.info(c.input(0)).rank();
    }
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < c.node().getOutputCount(); i++) {
      String dy = c.outputGradient(i);
      parts.add(dy != null ? dy : g.zerosLike(c.output(i)));
    }
    c.addInputGradient(0, g.concat(axis, parts));
  }
}
