package org.ecoc4j.defenses;

import java.util.Comparator;
import java.util.stream.IntStream;

/** Checks and sorts the nodes of a one-dimensional fit, and maps sorted columns back. */
final class NodeOrder {

  private NodeOrder() {}

  /**
   * The indices of {@code nodes} in ascending order of their values.
   *
   * @throws IllegalArgumentException for no nodes, a non-finite node or two equal nodes
   */
  static int[] ascending(double[] nodes) {
    if (nodes.length == 0) {
      throw new IllegalArgumentException("a fit needs at least one node");
    }
    requireFinite(nodes, "node");
    int[] order = IntStream.range(0, nodes.length)
        .boxed()
        .sorted(Comparator.comparingDouble(i -> nodes[i]))
        .mapToInt(Integer::intValue)
        .toArray();
    for (int i = 1; i < order.length; i++) {
      if (nodes[order[i]] == nodes[order[i - 1]]) {
        throw new IllegalArgumentException(
            "the nodes of a fit must be distinct: nodes " + order[i - 1] + " and " + order[i]
                + " are both " + nodes[order[i]]);
      }
    }
    return order;
  }

  /** Refuses a non-finite entry, naming what it is. */
  static void requireFinite(double[] points, String what) {
    for (int i = 0; i < points.length; i++) {
      if (!Double.isFinite(points[i])) {
        throw new IllegalArgumentException(what + " " + i + " is " + points[i]);
      }
    }
  }

  /** Rows whose columns follow the sorted order, rewritten in the nodes' original order. */
  static double[][] unsortColumns(double[][] sorted, int[] order) {
    double[][] out = new double[sorted.length][order.length];
    for (int r = 0; r < sorted.length; r++) {
      for (int c = 0; c < order.length; c++) {
        out[r][order[c]] = sorted[r][c];
      }
    }
    return out;
  }
}
