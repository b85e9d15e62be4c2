package org.ecoc4j.backends.onnx.autodiff;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ecoc4j.backends.onnx.graph.Attributes;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;

/**
 * Gradients of operators that pass some input elements through unchanged: Dropout (the output
 * gradient where the mask kept the element, scaled by {@code 1 / (1 - ratio)}, from standard
 * operators with CUDA kernels) and Split (the outputs' gradients concatenated, zeros for outputs
 * no gradient reaches).
 */
final class SelectionRules {

  private SelectionRules() {}

  static void register(Map<String, GradientRule> rules) {
    rules.put("Dropout", SelectionRules::dropout);
    rules.put("Split", SelectionRules::split);
  }

  private static void dropout(GradientContext c) {
    GraphBuilder g = c.graph();
    if (c.node().getOutputCount() < 2 || c.output(1).isEmpty()) {
      throw c.unsupported("Dropout must output its mask to be differentiated");
    }
    if (c.node().getInputCount() < 3 || c.input(1).isEmpty()) {
      throw c.unsupported("Dropout needs a ratio input and training_mode true");
    }
    String one = g.scalar("one", 1f);
    String scale = g.div(one, g.sub(one, c.input(1)));
    String kept = g.where(c.output(1), c.outputGradient(0), g.scalar("zero", 0f));
    c.addInputGradient(0, g.mul(kept, scale));
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
