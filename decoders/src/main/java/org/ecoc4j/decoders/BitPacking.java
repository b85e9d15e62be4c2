package org.ecoc4j.decoders;

import org.ecoc4j.api.codebook.Codebook;

/**
 * Binary words packed 64 digits to a {@code long}: digit {@code j} is bit {@code j & 63} of word
 * {@code j >>> 6}; unused high bits are zero. Digit 1 is the codebook entry +1.
 */
final class BitPacking {

  private BitPacking() {}

  /** Number of longs that hold {@code length} digits. */
  static int words(int length) {
    return (length + 63) >>> 6;
  }

  /** All class codewords of {@code codebook}, packed and concatenated: N x {@link #words}. */
  static long[] packCodewords(Codebook codebook) {
    int words = words(codebook.length());
    long[] packed = new long[codebook.classes() * words];
    for (int c = 0; c < codebook.classes(); c++) {
      for (int j = 0; j < codebook.length(); j++) {
        if (codebook.bit(c, j) > 0) {
          packed[c * words + (j >>> 6)] |= 1L << (j & 63);
        }
      }
    }
    return packed;
  }

  /** Packs rows of 0/1 digits (e.g. a parity-check matrix), concatenated. */
  static long[] packDigitRows(int[][] rows, int length) {
    int words = words(length);
    long[] packed = new long[rows.length * words];
    for (int r = 0; r < rows.length; r++) {
      for (int j = 0; j < length; j++) {
        if (rows[r][j] != 0) {
          packed[r * words + (j >>> 6)] |= 1L << (j & 63);
        }
      }
    }
    return packed;
  }

  /** Hamming distance between {@code word} and the packed word starting at {@code packed[at]}. */
  static int distance(long[] word, long[] packed, int at) {
    int d = 0;
    for (int w = 0; w < word.length; w++) {
      d += Long.bitCount(word[w] ^ packed[at + w]);
    }
    return d;
  }
}
