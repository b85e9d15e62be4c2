package org.ecoc4j.decoders;

import org.ecoc4j.api.codebook.Codebook;

/**
 * Scores every class by the correlation {@code b_i . t} of its +1/-1 codeword with the member's
 * outputs {@code t} (optionally squashed by tanh first) and turns the scores into the posterior
 * {@code softmax(b_i . t / T)}; the argmax wins and its posterior is the confidence.
 *
 * <p>Because every codeword has {@code ||b_i||^2 = K}, {@code ||b_i - t||^2 = K + ||t||^2 - 2 b_i
 * . t}: the argmax of the correlation is the nearest codeword in Euclidean distance, and {@code
 * softmax(-||b_i - t||^2 / (2T)) = softmax(b_i . t / T)}. The rule never rejects. The codebook is
 * kept as a flat N x K float array; scores accumulate in double.
 */
final class CorrelationSoftmaxRule extends SoftmaxScoreRule {

  private final int length;
  private final float[] codewords;
  private final boolean tanh;
  private final float[] input;

  /**
   * @param codebook the member's codebook
   * @param tanh whether outputs are squashed by tanh before scoring
   * @param temperature softmax temperature, greater than 0
   */
  CorrelationSoftmaxRule(Codebook codebook, boolean tanh, double temperature) {
    super(codebook.classes(), temperature);
    this.length = codebook.length();
    this.codewords = codebook.toFloatArray();
    this.tanh = tanh;
    this.input = new float[length];
  }

  /** Fills {@link #scores} with the correlations; returns the first class of the largest. */
  @Override
  protected int score(float[] outputs, int offset) {
    for (int j = 0; j < length; j++) {
      float o = outputs[offset + j];
      input[j] = tanh ? tanh(o) : o;
    }
    int best = 0;
    int blocked = length & ~3;
    for (int c = 0; c < classes; c++) {
      int row = c * length;
      // four independent sums let the additions overlap
      double s0 = 0;
      double s1 = 0;
      double s2 = 0;
      double s3 = 0;
      for (int j = 0; j < blocked; j += 4) {
        s0 += codewords[row + j] * input[j];
        s1 += codewords[row + j + 1] * input[j + 1];
        s2 += codewords[row + j + 2] * input[j + 2];
        s3 += codewords[row + j + 3] * input[j + 3];
      }
      for (int j = blocked; j < length; j++) {
        s0 += codewords[row + j] * input[j];
      }
      double s = (s0 + s1) + (s2 + s3);
      scores[c] = s;
      if (s > scores[best]) {
        best = c;
      }
    }
    return best;
  }

  /**
   * tanh through {@code exp(-2|x|)}: the same value as {@link Math#tanh} to float precision, and
   * several times faster because {@link Math#exp} is a JIT intrinsic.
   */
  static float tanh(float x) {
    double e = Math.exp(-2.0 * Math.abs(x));
    return (float) Math.copySign((1.0 - e) / (1.0 + e), x);
  }
}
