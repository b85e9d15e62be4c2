package org.ecoc4j.decoders;

import org.ecoc4j.api.codebook.LinearBlockCode;

/**
 * The fuzzy truth {@code t(r = 0)} of the zero syndrome of the error-detecting output codes paper
 * (Eq. 13-14, Theorem 2): for truth values {@code y~_j = t(bit j = 1)} in [0, 1] and parity-check
 * matrix H, syndrome digit {@code r_i} is the sum modulo 2 of the bits {@code j} with {@code h_ij
 * = 1}; its truth of being 1 is folded with the Zadeh exclusive or of Eq. 13, {@code t(a + b = 1)
 * = max(min(t(a = 0), t(b = 1)), min(t(a = 1), t(b = 0)))} (terms with {@code h_ij = 0} are the
 * crisp 0, which leaves the sum unchanged), {@code t(r_i = 0) = 1 - t(r_i = 1)}, and {@code t(r =
 * 0) = min_i t(r_i = 0)} (Zadeh conjunction).
 *
 * <p>By Theorem 2 it exceeds 1/2 exactly when the rounded output has a zero syndrome; for a code
 * whose H has a 1 in every column (a systematic code, by its identity part) it then equals the
 * truth of the winning codeword.
 */
final class SyndromeTruth {

  private final int[][] supports;

  /** Reads the positions of the 1s of each row of {@code code}'s parity-check matrix. */
  SyndromeTruth(LinearBlockCode code) {
    int[][] h = code.parityCheckMatrix();
    supports = new int[h.length][];
    for (int i = 0; i < h.length; i++) {
      int ones = 0;
      for (int digit : h[i]) {
        ones += digit;
      }
      supports[i] = new int[ones];
      int at = 0;
      for (int j = 0; j < h[i].length; j++) {
        if (h[i][j] == 1) {
          supports[i][at++] = j;
        }
      }
    }
  }

  /** {@code t(r = 0)} for the truth values {@code y} of the bits being 1. */
  double zeroTruth(double[] y) {
    double truth = 1.0;
    for (int[] support : supports) {
      double one = 0.0;
      for (int j : support) {
        one = Math.max(Math.min(1.0 - one, y[j]), Math.min(one, 1.0 - y[j]));
      }
      truth = Math.min(truth, 1.0 - one);
    }
    return truth;
  }
}
