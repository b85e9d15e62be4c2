package org.ecoc4j.decoders;

import org.ecoc4j.api.codebook.LinearBlockCode;

/**
 * Syndrome test of a linear block code on packed words: syndrome digit {@code r} is the parity of
 * the popcount of {@code w AND H_r}, so a word costs O(n-k words) popcounts.
 */
final class ParityCheck {

  private final int words;
  private final int checks;
  private final long[] rows;

  /** Packs the rows of {@code code}'s parity-check matrix H. */
  ParityCheck(LinearBlockCode code) {
    this.words = BitPacking.words(code.n());
    this.checks = code.checkDigits();
    this.rows = BitPacking.packDigitRows(code.parityCheckMatrix(), code.n());
  }

  /** Whether the packed {@code word} has a non-zero syndrome, i.e. is not a codeword. */
  boolean detectsError(long[] word) {
    for (int r = 0; r < checks; r++) {
      int ones = 0;
      for (int w = 0; w < words; w++) {
        ones += Long.bitCount(word[w] & rows[r * words + w]);
      }
      if ((ones & 1) != 0) {
        return true;
      }
    }
    return false;
  }
}
