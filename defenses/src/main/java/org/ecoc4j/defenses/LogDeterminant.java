package org.ecoc4j.defenses;

import org.ecoc4j.api.symbolic.Term;
import org.ecoc4j.api.symbolic.Terms;

/**
 * {@code log det G} of a symmetric positive definite M x M matrix per sample, whose entries are
 * width-1 terms, by the LDL^T factorisation: {@code D_j = G_jj - sum_{k<j} L_jk^2 D_k},
 * {@code L_ij = (G_ij - sum_{k<j} L_ik L_jk D_k) / D_j}, {@code log det G = sum_j log D_j}.
 * Division is written {@code a * exp(-log b)}, so only differentiable terms are used.
 */
final class LogDeterminant {

  private LogDeterminant() {}

  /**
   * The log-determinant, [batch, 1].
   *
   * @param gram the lower triangle at least: {@code gram[i][j]} for {@code j <= i}
   */
  static Term of(Terms t, Term[][] gram) {
    int n = gram.length;
    Term[][] l = new Term[n][n];
    Term[] d = new Term[n];
    Term logDet = null;
    for (int j = 0; j < n; j++) {
      Term dj = gram[j][j];
      for (int k = 0; k < j; k++) {
        dj = t.sub(dj, t.mul(t.mul(l[j][k], l[j][k]), d[k]));
      }
      d[j] = dj;
      Term logDj = t.log(dj);
      logDet = logDet == null ? logDj : t.add(logDet, logDj);
      Term inverse = t.exp(t.neg(logDj));
      for (int i = j + 1; i < n; i++) {
        Term numerator = gram[i][j];
        for (int k = 0; k < j; k++) {
          numerator = t.sub(numerator, t.mul(t.mul(l[i][k], l[j][k]), d[k]));
        }
        l[i][j] = t.mul(numerator, inverse);
      }
    }
    return logDet;
  }
}
