package org.ecoc4j.defenses;

/**
 * Berrut's rational interpolant as a linear map: {@code r(z) = sum_j [w_j / (z - x_j)] f_j / sum_j
 * w_j / (z - x_j)} with {@code w_j = (-1)^j} over the nodes in ascending order. It has no poles
 * on the real line, interpolates ({@code r(x_j) = f_j}), reproduces constants exactly (its
 * weights sum to 1) and needs no smoothing parameter; the Berrut approximate coded computing
 * encoder places the nodes at Chebyshev points.
 */
final class BerrutInterpolant {

  private BerrutInterpolant() {}

  /**
   * The interpolate-and-evaluate matrix.
   *
   * @param nodes the points the data are observed at, distinct and finite, any order
   * @param at the points the interpolant is evaluated at, finite
   * @return {@code at.length} rows of {@code nodes.length} weights, columns in the order of
   *     {@code nodes}
   * @throws IllegalArgumentException for no nodes, repeated or non-finite nodes, or a non-finite
   *     evaluation point
   */
  static double[][] matrix(double[] nodes, double[] at) {
    int[] order = NodeOrder.ascending(nodes);
    NodeOrder.requireFinite(at, "evaluation point");
    int n = nodes.length;
    double[][] sorted = new double[at.length][n];
    for (int row = 0; row < at.length; row++) {
      double z = at[row];
      int hit = -1;
      for (int j = 0; j < n && hit < 0; j++) {
        if (z == nodes[order[j]]) {
          hit = j;
        }
      }
      if (hit >= 0) {
        sorted[row][hit] = 1;
        continue;
      }
      double total = 0;
      for (int j = 0; j < n; j++) {
        double w = ((j & 1) == 0 ? 1.0 : -1.0) / (z - nodes[order[j]]);
        sorted[row][j] = w;
        total += w;
      }
      for (int j = 0; j < n; j++) {
        sorted[row][j] /= total;
      }
    }
    return NodeOrder.unsortColumns(sorted, order);
  }
}
