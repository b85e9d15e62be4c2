package org.ecoc4j.decoders;

import java.util.Arrays;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.decoding.Rejection;

/**
 * Zadeh decision over the class codewords only ({@code space=classes}): the truth value of class
 * {@code c} is {@code t(c) = min_j (c_j == 1 ? y~_j : 1 - y~_j)} on the normalized outputs
 * {@code y~}; the class of largest truth wins and its truth is the confidence. A winner whose
 * truth is below the threshold is rejected as {@link Rejection#BELOW_THRESHOLD}.
 *
 * <p>Posterior: the class truth values normalized to sum 1 (uniform if all are zero); all zero
 * when rejected. O(N x K) per sample.
 */
final class ZadehClassRule implements MemberRule {

  private final int classes;
  private final int length;
  private final boolean[] ones;
  private final Normalization normalization;
  private final double threshold;
  private final double[] normalized;
  private final double[] truths;

  /**
   * @param codebook the member's codebook
   * @param normalization how outputs become truth values
   * @param threshold the smallest accepted truth value, in [0, 1]
   */
  ZadehClassRule(Codebook codebook, Normalization normalization, double threshold) {
    this.classes = codebook.classes();
    this.length = codebook.length();
    this.ones = new boolean[classes * length];
    for (int c = 0; c < classes; c++) {
      for (int j = 0; j < length; j++) {
        ones[c * length + j] = codebook.bit(c, j) > 0;
      }
    }
    this.normalization = normalization;
    this.threshold = threshold;
    this.normalized = new double[length];
    this.truths = new double[classes];
  }

  @Override
  public void decide(float[] outputs, int offset, MemberDecision into) {
    int best = evaluate(outputs, offset);
    float truth = (float) truths[best];
    if (truths[best] < threshold) {
      into.reject(Rejection.BELOW_THRESHOLD, truth);
    } else {
      into.accept(best, truth);
    }
  }

  @Override
  public boolean posterior(float[] outputs, int offset, float[] into, int at) {
    int best = evaluate(outputs, offset);
    if (truths[best] < threshold) {
      Arrays.fill(into, at, at + classes, 0f);
      return false;
    }
    double total = 0;
    for (int c = 0; c < classes; c++) {
      total += truths[c];
    }
    for (int c = 0; c < classes; c++) {
      into[at + c] = total > 0 ? (float) (truths[c] / total) : 1f / classes;
    }
    return true;
  }

  /** Fills {@link #truths}; returns the first class of largest truth. */
  private int evaluate(float[] outputs, int offset) {
    normalization.apply(outputs, offset, normalized);
    int best = 0;
    for (int c = 0; c < classes; c++) {
      int row = c * length;
      double truth = 1.0;
      for (int j = 0; j < length; j++) {
        double y = normalized[j];
        truth = Math.min(truth, ones[row + j] ? y : 1.0 - y);
      }
      truths[c] = truth;
      if (truth > truths[best]) {
        best = c;
      }
    }
    return best;
  }
}
