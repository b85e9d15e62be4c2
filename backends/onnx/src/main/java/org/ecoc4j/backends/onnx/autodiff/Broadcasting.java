package org.ecoc4j.backends.onnx.autodiff;

import java.util.ArrayList;
import java.util.List;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;

/** Reduces a gradient of a broadcast result back to the shape of the operand that was broadcast. */
final class Broadcasting {

  private Broadcasting() {}

  /**
   * Sums {@code gradient} over the axes along which {@code operand} was broadcast and gives it the
   * operand's shape.
   */
  static String reduceTo(GraphBuilder g, String gradient, String operand) {
    long[] gd = g.info(gradient).dims();
    long[] od = g.info(operand).dims();
    int lead = gd.length - od.length;
    List<Long> axes = new ArrayList<>();
    for (int i = 0; i < gd.length; i++) {
      if (i < lead) {
        axes.add((long) i);
      } else if (od[i - lead] == 1 && gd[i] != 1) {
        axes.add((long) i);
      }
    }
    if (axes.isEmpty() && lead == 0) {
      return gradient;
    }
    String summed =
        axes.isEmpty()
            ? gradient
            : g.reduceSum(gradient, true, axes.stream().mapToLong(Long::longValue).toArray());
    if (lead == 0) {
      return summed;
    }
    return g.reshapeLike(summed, operand);
  }
}
