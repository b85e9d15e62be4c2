package org.ecoc4j.decoders;

import org.ecoc4j.api.codebook.CodeTable;

/**
 * Scores every class by the cosine similarity {@code cos(z, c_i) = z . c_i / (||z|| ||c_i||)} of
 * the member's outputs {@code z} with its real-valued code {@code c_i} and turns the scores into
 * the posterior {@code softmax(cos / T)}: Eq. 5 of the contrastive ECOC paper at {@code T = 1}.
 * The argmax wins and its posterior is the confidence; never rejects. A zero output vector (or
 * zero code) has similarity 0 with every code.
 */
final class CosineSoftmaxRule extends SoftmaxScoreRule {

  private final int length;
  private final float[] codes;
  private final double[] codeNorms;

  /**
   * @param table the member's code table
   * @param temperature softmax temperature, greater than 0
   */
  CosineSoftmaxRule(CodeTable table, double temperature) {
    super(table.classes(), temperature);
    this.length = table.length();
    this.codes = table.toFloatArray();
    this.codeNorms = new double[classes];
    for (int c = 0; c < classes; c++) {
      double s = 0;
      for (int j = 0; j < length; j++) {
        s += (double) codes[c * length + j] * codes[c * length + j];
      }
      codeNorms[c] = Math.sqrt(s);
    }
  }

  /** Fills {@link #scores} with the cosines; returns the first class of the largest. */
  @Override
  protected int score(float[] outputs, int offset) {
    double norm = 0;
    for (int j = 0; j < length; j++) {
      norm += (double) outputs[offset + j] * outputs[offset + j];
    }
    norm = Math.sqrt(norm);
    int best = 0;
    for (int c = 0; c < classes; c++) {
      double dot = 0;
      for (int j = 0; j < length; j++) {
        dot += (double) codes[c * length + j] * outputs[offset + j];
      }
      double denominator = norm * codeNorms[c];
      scores[c] = denominator > 0 ? dot / denominator : 0;
      if (scores[c] > scores[best]) {
        best = c;
      }
    }
    return best;
  }
}
