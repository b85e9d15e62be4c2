package org.ecoc4j.defenses;

import java.util.Arrays;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * The cubic smoothing spline as a linear map: the matrix that takes the values observed at
 * {@code knots} to the spline's values at {@code at}. The spline minimises {@code sum_i (y_i -
 * f(t_i))^2 + lambda * integral f''(t)^2 dt}; its solution is the natural cubic spline with knots
 * at the {@code t_i} whose values {@code g} and second derivatives {@code gamma} solve Reinsch's
 * equations {@code (R + lambda Q^T Q) gamma = Q^T y}, {@code g = y - lambda Q gamma} (Green and
 * Silverman, <i>Nonparametric Regression and Generalized Linear Models</i>, ch. 2). Both are
 * linear in {@code y}, so the whole fit-then-evaluate is one matrix. With {@code lambda = 0} the
 * spline interpolates; outside the knots it continues linearly (a natural spline). Polynomials of
 * degree at most 1 have {@code f'' = 0} and are reproduced exactly for every {@code lambda}.
 *
 * <p>The systems are solved with commons-math's LU decomposition.
 */
final class SmoothingSpline {

  private SmoothingSpline() {}

  /**
   * The fit-and-evaluate matrix.
   *
   * @param knots the points the data are observed at, distinct and finite, any order
   * @param lambda the smoothing parameter, finite and {@code >= 0}
   * @param at the points the spline is evaluated at, finite
   * @return {@code at.length} rows of {@code knots.length} weights: row r gives {@code f(at[r])}
   *     as a combination of the observed values in the order of {@code knots}
   * @throws IllegalArgumentException for no knots, repeated or non-finite knots, a negative or
   *     non-finite {@code lambda}, or a non-finite evaluation point
   */
  static double[][] matrix(double[] knots, double lambda, double[] at) {
    if (!(lambda >= 0) || Double.isInfinite(lambda)) {
      throw new IllegalArgumentException(
          "the smoothing parameter must be finite and >= 0, got " + lambda);
    }
    int[] order = NodeOrder.ascending(knots);
    NodeOrder.requireFinite(at, "evaluation point");
    int n = knots.length;
    double[] t = new double[n];
    for (int i = 0; i < n; i++) {
      t[i] = knots[order[i]];
    }
    // values (n x n) and interior second derivatives ((n - 2) x n) of the fitted spline, as
    // linear maps of the sorted observations
    RealMatrix values;
    RealMatrix curvatures;
    if (n <= 2) {
      values = MatrixUtils.createRealIdentityMatrix(n);
      curvatures = new Array2DRowRealMatrix(1, n); // no interior knot: never read
    } else {
      double[] h = new double[n - 1];
      for (int i = 0; i < n - 1; i++) {
        h[i] = t[i + 1] - t[i];
      }
      RealMatrix q = new Array2DRowRealMatrix(n, n - 2);
      RealMatrix r = new Array2DRowRealMatrix(n - 2, n - 2);
      for (int j = 1; j < n - 1; j++) {
        int c = j - 1;
        q.setEntry(j - 1, c, 1 / h[j - 1]);
        q.setEntry(j, c, -1 / h[j - 1] - 1 / h[j]);
        q.setEntry(j + 1, c, 1 / h[j]);
        r.setEntry(c, c, (h[j - 1] + h[j]) / 3);
        if (c + 1 < n - 2) {
          r.setEntry(c, c + 1, h[j] / 6);
          r.setEntry(c + 1, c, h[j] / 6);
        }
      }
      // Reinsch's form: (R + lambda Q^T Q) gamma = Q^T y, g = y - lambda Q gamma
      RealMatrix system = r.add(q.transpose().multiply(q).scalarMultiply(lambda));
      curvatures = new LUDecomposition(system).getSolver().solve(q.transpose());
      values = MatrixUtils.createRealIdentityMatrix(n)
          .subtract(q.multiply(curvatures).scalarMultiply(lambda));
    }
    double[][] sorted = new double[at.length][];
    for (int row = 0; row < at.length; row++) {
      sorted[row] = evaluate(t, values, curvatures, at[row]);
    }
    return NodeOrder.unsortColumns(sorted, order);
  }

  /** The weights of {@code f(x)} over the sorted observations. */
  private static double[] evaluate(double[] t, RealMatrix values, RealMatrix curvatures, double x) {
    int n = t.length;
    if (n == 1) {
      return new double[] {1};
    }
    double[] out = new double[n];
    if (x <= t[0] || x >= t[n - 1]) {
      boolean left = x <= t[0];
      int a = left ? 0 : n - 2;
      double h = t[a + 1] - t[a];
      // slope at the end knot: (g_{a+1} - g_a) / h -/+ h gamma_inner / 6, gamma zero at the ends
      double[] slope = new double[n];
      for (int k = 0; k < n; k++) {
        slope[k] = (values.getEntry(a + 1, k) - values.getEntry(a, k)) / h;
      }
      if (n > 2) {
        int inner = left ? 0 : n - 3;
        double sign = left ? -1 : 1;
        for (int k = 0; k < n; k++) {
          slope[k] += sign * h * curvatures.getEntry(inner, k) / 6;
        }
      }
      int end = left ? 0 : n - 1;
      for (int k = 0; k < n; k++) {
        out[k] = values.getEntry(end, k) + (x - t[end]) * slope[k];
      }
      return out;
    }
    int i = Arrays.binarySearch(t, x);
    if (i >= 0) {
      for (int k = 0; k < n; k++) {
        out[k] = values.getEntry(i, k);
      }
      return out;
    }
    i = -i - 2; // t[i] < x < t[i + 1]
    double h = t[i + 1] - t[i];
    double dl = x - t[i];
    double dr = t[i + 1] - x;
    for (int k = 0; k < n; k++) {
      double gl = i == 0 ? 0 : curvatures.getEntry(i - 1, k);
      double gr = i + 1 == n - 1 ? 0 : curvatures.getEntry(i, k);
      out[k] = (dl * values.getEntry(i + 1, k) + dr * values.getEntry(i, k)) / h
          - dl * dr / 6 * ((1 + dl / h) * gr + (1 + dr / h) * gl);
    }
    return out;
  }
}
