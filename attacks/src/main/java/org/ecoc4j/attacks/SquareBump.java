package org.ecoc4j.attacks;

/**
 * The window perturbation {@code eta} of the L2 Square Attack (Andriushchenko et al. 2020,
 * Section 3.2): two "bumps" of opposite sign stacked in a square window.
 *
 * <p>A bump on an {@code h1 x h2} rectangle is the paper's
 * {@code eta^(h1,h2)_{r,s} = sum_{k=0}^{M(r,s)} 1 / (n + 1 - k)^2} with
 * {@code M(r,s) = n - max(|r - floor(h1/2) - 1|, |s - floor(h2/2) - 1|)} (1-based {@code r, s}):
 * a stack of concentric squares around the centre cell, the square at Chebyshev distance
 * {@code d} from it adding {@code 1/(d+1)^2} to every cell it covers, so a cell at distance
 * {@code d} holds {@code sum_{j=d+1}^{n+1} 1/j^2}. Here {@code n = max(floor(h1/2), floor(h2/2))},
 * so that the rings cover the whole rectangle. The window of side {@code h} stacks
 * {@code eta^(k,h)} over {@code -eta^(h-k,h)}, {@code k = floor(h/2)}, each bump scaled to unit
 * L2 norm, and the whole to unit norm; the update transposes it with probability 1/2.
 */
final class SquareBump {

  private SquareBump() {}

  /**
   * The window of side {@code side}, row-major, unit L2 norm: positive bump in the top
   * {@code floor(side/2)} rows, negative bump below.
   *
   * @throws IllegalArgumentException for a side below 1
   */
  static double[] window(int side) {
    if (side < 1) {
      throw new IllegalArgumentException("window side must be positive, got " + side);
    }
    int top = side / 2;
    double[] window = new double[side * side];
    double[] upper = bump(top, side);
    double[] lower = bump(side - top, side);
    System.arraycopy(upper, 0, window, 0, upper.length);
    for (int i = 0; i < lower.length; i++) {
      window[upper.length + i] = -lower[i];
    }
    return scaleToUnitNorm(window);
  }

  /**
   * The bump on a {@code rows x cols} rectangle, row-major, unit L2 norm (empty for no rows).
   */
  static double[] bump(int rows, int cols) {
    double[] bump = new double[rows * cols];
    if (bump.length == 0) {
      return bump;
    }
    int centreRow = rows / 2;
    int centreCol = cols / 2;
    int rings = Math.max(rows / 2, cols / 2) + 1;
    for (int r = 0; r < rows; r++) {
      for (int s = 0; s < cols; s++) {
        int distance = Math.max(Math.abs(r - centreRow), Math.abs(s - centreCol));
        double value = 0;
        for (int j = distance + 1; j <= rings; j++) {
          value += 1.0 / ((double) j * j);
        }
        bump[r * cols + s] = value;
      }
    }
    return scaleToUnitNorm(bump);
  }

  private static double[] scaleToUnitNorm(double[] v) {
    double norm = 0;
    for (double x : v) {
      norm += x * x;
    }
    norm = Math.sqrt(norm);
    for (int i = 0; i < v.length; i++) {
      v[i] /= norm;
    }
    return v;
  }
}
