package org.ecoc4j.decoders;

import java.util.Arrays;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.decoding.Rejection;

/**
 * Reads each output as a digit (1 where {@code o >= 0}, i.e. {@code sigmoid(o) >= 1/2}) and takes
 * the class codeword nearest in Hamming distance {@code d} (popcounts of packed words). Confidence
 * {@code 1 - d/K}. With {@code maxErrors >= 0} a nearest distance above it is rejected as
 * {@link Rejection#TOO_MANY_ERRORS}.
 *
 * <p>Posterior: uniform over the classes at the minimum distance, zero elsewhere; all zero when
 * rejected.
 */
final class BitThresholdRule implements MemberRule {

  private final int classes;
  private final int length;
  private final int words;
  private final long[] codewords;
  private final int maxErrors;
  private final long[] word;
  private final int[] distances;

  /**
   * @param codebook the member's codebook
   * @param maxErrors largest accepted distance, or -1 to accept every nearest codeword
   */
  BitThresholdRule(Codebook codebook, int maxErrors) {
    this.classes = codebook.classes();
    this.length = codebook.length();
    this.words = BitPacking.words(length);
    this.codewords = BitPacking.packCodewords(codebook);
    this.maxErrors = maxErrors;
    this.word = new long[words];
    this.distances = new int[classes];
  }

  @Override
  public void decide(float[] outputs, int offset, MemberDecision into) {
    int best = nearest(outputs, offset);
    int d = distances[best];
    float confidence = 1f - (float) d / length;
    if (tooFar(d)) {
      into.reject(Rejection.TOO_MANY_ERRORS, confidence);
    } else {
      into.accept(best, confidence);
    }
  }

  @Override
  public boolean posterior(float[] outputs, int offset, float[] into, int at) {
    int d = distances[nearest(outputs, offset)];
    boolean accepted = !tooFar(d);
    int ties = 0;
    for (int c = 0; c < classes; c++) {
      if (distances[c] == d) {
        ties++;
      }
    }
    float share = accepted ? 1f / ties : 0f;
    for (int c = 0; c < classes; c++) {
      into[at + c] = distances[c] == d ? share : 0f;
    }
    return accepted;
  }

  private boolean tooFar(int d) {
    return maxErrors >= 0 && d > maxErrors;
  }

  /** Packs the thresholded outputs, fills {@link #distances}; returns the first nearest class. */
  private int nearest(float[] outputs, int offset) {
    Arrays.fill(word, 0L);
    for (int j = 0; j < length; j++) {
      if (outputs[offset + j] >= 0f) {
        word[j >>> 6] |= 1L << (j & 63);
      }
    }
    int best = 0;
    for (int c = 0; c < classes; c++) {
      int d = BitPacking.distance(word, codewords, c * words);
      distances[c] = d;
      if (d < distances[best]) {
        best = c;
      }
    }
    return best;
  }
}
