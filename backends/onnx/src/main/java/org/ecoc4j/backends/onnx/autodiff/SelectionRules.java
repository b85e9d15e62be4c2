package org.ecoc4j.backends.onnx.autodiff;

import java.util.ArrayList;
import java.util.List;
import org.ecoc4j.backends.onnx.graph.Attributes;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;

/**
 * Gradients of operators that pass some input elements through unchanged: Split (the outputs'
 * gradients concatenated, zeros for outputs no gradient reaches) and Where ({@code Y = Where(C, A,
 * B)}: {@code dA = Where(C, dY, 0)}, {@code dB = Where(C, 0, dY)}, each summed over the axes along
 * which its operand was broadcast; the boolean condition carries none).
 */
public final class SelectionRules {

  private SelectionRules() {}

  /** The rule of Split. */
  public static final GradientRule SPLIT = SelectionRules::split;

  /** The rule of Where. */
  public static final GradientRule WHERE = SelectionRules::where;

  private static void where(GradientContext c) {
    GraphBuilder g = c.graph();
    String dy = c.outputGradient(0);
    String zero = g.scalar("zero", 0f);
    if (c.needsGradient(1)) {
      c.addInputGradient(1, Broadcasting.reduceTo(g, g.where(c.input(0), dy, zero), c.input(1)));
    }
    if (c.needsGradient(2)) {
      c.addInputGradient(2, Broadcasting.reduceTo(g, g.where(c.input(0), zero, dy), c.input(2)));
    }
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
