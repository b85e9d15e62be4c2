package org.ecoc4j.codebooks;

import java.util.SplittableRandom;
import org.ecoc4j.api.codebook.Codebook;

/**
 * Draws one random binary codebook under {@link DistanceRules}: Algorithm 1 of Hwang et al.,
 * "Adversarial Robustness of Deep Neural Networks with Random Binary Codebook Ensemble" (section
 * III.A), as sequential rejection sampling.
 *
 * <p>Codewords are drawn one by one, every entry +1 or -1 with probability 1/2. A draw at a
 * forbidden Hamming distance from an already accepted codeword (below Hmin, or at max-distance or
 * more, by default only its complement) is thrown away and replaced by a fresh draw. This is the
 * paper's "replace the offending codeword with a new random one" loop run in a fixed order, so each
 * accepted codeword is uniform over the words that fit the ones before it. At most {@code
 * maxAttempts} draws are made per codeword; then generation stops with an error, so an infeasible
 * request ends after bounded work.
 *
 * <p>Codewords are packed 64 bits to a long and compared with {@link Long#bitCount}.
 */
final class RandomCodebookSampler {

  private final int classes;
  private final DistanceRules rules;
  private final int maxAttempts;
  private final int words;
  private final long lastWordMask;

  /**
   * A sampler of {@code classes} codewords under {@code rules}.
   *
   * @param maxAttempts draws allowed per codeword, at least 1
   */
  RandomCodebookSampler(int classes, DistanceRules rules, int maxAttempts) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("need at least 1 draw per codeword, got " + maxAttempts);
    }
    this.classes = classes;
    this.rules = rules;
    this.maxAttempts = maxAttempts;
    this.words = (rules.length() + 63) >>> 6;
    int tail = rules.length() & 63;
    this.lastWordMask = tail == 0 ? -1L : (1L << tail) - 1;
  }

  /**
   * Draws a codebook from {@code random}.
   *
   * @throws IllegalArgumentException if a codeword could not be placed within the draw budget
   */
  Codebook sample(SplittableRandom random) {
    long[] packed = new long[classes * words];
    long[] candidate = new long[words];
    for (int i = 0; i < classes; i++) {
      int attempts = 0;
      do {
        if (attempts == maxAttempts) {
          throw budgetExhausted(i);
        }
        draw(random, candidate);
        attempts++;
      } while (!fits(candidate, packed, i));
      System.arraycopy(candidate, 0, packed, i * words, words);
    }
    return Codebook.of(unpack(packed));
  }

  private void draw(SplittableRandom random, long[] candidate) {
    for (int w = 0; w < words; w++) {
      candidate[w] = random.nextLong();
    }
    candidate[words - 1] &= lastWordMask;
  }

  private boolean fits(long[] candidate, long[] packed, int accepted) {
    for (int j = 0; j < accepted; j++) {
      int d = 0;
      int base = j * words;
      for (int w = 0; w < words; w++) {
        d += Long.bitCount(candidate[w] ^ packed[base + w]);
      }
      if (!rules.allows(d)) {
        return false;
      }
    }
    return true;
  }

  private int[][] unpack(long[] packed) {
    int length = rules.length();
    int[][] rows = new int[classes][length];
    for (int c = 0; c < classes; c++) {
      for (int j = 0; j < length; j++) {
        long bit = packed[c * words + (j >>> 6)] >>> (j & 63);
        rows[c][j] = (bit & 1L) != 0 ? 1 : -1;
      }
    }
    return rows;
  }

  private IllegalArgumentException budgetExhausted(int index) {
    String upper = rules.bansOnlyComplements()
        ? "and not the complement of any"
        : "and below distance " + rules.maxDistance() + " from each";
    return new IllegalArgumentException(
        "the distance rules could not be met: after " + maxAttempts + " draws (max-attempts) no"
            + " codeword " + (index + 1) + " of N = " + classes + " with length K = "
            + rules.length() + " was at Hamming distance >= " + rules.minDistance()
            + " from each of the " + index + " accepted ones (" + upper + "); use a longer code"
            + " (larger K), a smaller min-distance or a larger max-attempts");
  }
}
