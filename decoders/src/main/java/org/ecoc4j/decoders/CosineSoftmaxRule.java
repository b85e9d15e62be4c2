package org.ecoc4j.decoders;

import org.ecoc4j.api.codebook.CodeTable;

/**
 * Scores every class by the cosine similarity {@code cos(z, c_i) = z . c_i / (||z|| ||c_i||)} of
 * the member's outputs {@code z} with its real-valued code {@code c_i} and turns the scores into
 * the posterior {@code softmax(cos / T)}: Eq. 5 of the contrastive ECOC paper at {@code T = 1}.
 * The argmax wins and its posterior is the confidence; never rejects. A zero output vector (or
 * zero code) has similarity 0 with every code.
 */
final class CosineSoftmaxRule implements MemberRule {

  private final int classes;
  private final int length;
  private final float[] codes;
  private final double[] codeNorms;
  private final double temperature;
  private final double[] scores;

  /**
   * @param table the member's code table
   * @param temperature softmax temperature, greater than 0
   */
  CosineSoftmaxRule(CodeTable table, double temperature) {
    this.classes = table.classes();
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
    this.temperature = temperature;
    this.scores = new double[classes];
  }

  @Override
  public void decide(float[] outputs, int offset, MemberDecision into) {
    int best = score(outputs, offset);
    into.accept(best, (float) (1.0 / exponentiate(best)));
  }

  @Override
  public boolean posterior(float[] outputs, int offset, float[] into, int at) {
    double total = exponentiate(score(outputs, offset));
    for (int c = 0; c < classes; c++) {
      into[at + c] = (float) (scores[c] / total);
    }
    return true;
  }

  /** Fills {@link #scores} with the cosines; returns the first class of the largest. */
  private int score(float[] outputs, int offset) {
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

  /** Replaces each score by {@code exp((s_c - s_best) / T)} and returns their sum (at least 1). */
  private double exponentiate(int best) {
    double max = scores[best];
    double total = 0;
    for (int c = 0; c < classes; c++) {
      double e = Math.exp((scores[c] - max) / temperature);
      scores[c] = e;
      total += e;
    }
    return total;
  }
}
