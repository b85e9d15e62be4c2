package org.ecoc4j.backends.onnx.autodiff;

import java.util.List;
import java.util.Map;
import org.ecoc4j.backends.onnx.graph.Attributes;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;

/** Gradients of Flatten, Reshape (reshape back) and Concat (split). */
final class ShapeRules {

  private ShapeRules() {}

  static void register(Map<String, GradientRule> rules) {
    GradientRule reshapeBack =
        c -> c.addInputGradient(0, c.graph().reshapeLike(c.outputGradient(0), c.input(0)));
    rules.put("Flatten", reshapeBack);
    rules.put("Reshape", reshapeBack);
    rules.put("Concat", ShapeRules::concat);
  }

  private static void concat(GradientContext c) {
    GraphBuilder g = c.graph();
    int axis = (int) Attributes.intOf(c.node(), "axis", 0);
    int parts = c.node().getInputCount();
    long[] sizes = new long[parts];
    for (int i = 0; i < parts; i++) {
      sizes[i] = g.info(c.input(i)).dim(axis);
      if (sizes[i] < 0) {
        throw c.unsupported("Concat inputs need known sizes along axis " + axis);
      }
    }
    List<String> pieces = g.split(c.outputGradient(0), axis, sizes);
    for (int i = 0; i < parts; i++) {
      if (c.needsGradient(i)) {
        c.addInputGradient(i, pieces.get(i));
      }
    }
  }
}
