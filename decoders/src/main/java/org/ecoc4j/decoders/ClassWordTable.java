package org.ecoc4j.decoders;

import java.util.Comparator;
import java.util.stream.IntStream;
import org.ecoc4j.api.codebook.Codebook;

/**
 * Finds the class that owns a packed word in O(words x log N) without allocating: the packed
 * class codewords sorted (unsigned, word by word, then by class index) and searched by bisection.
 * A word owned by several classes maps to the lowest of them.
 */
final class ClassWordTable {

  private final int words;
  private final long[] sortedWords;
  private final int[] sortedClasses;

  /** Builds the table of {@code codebook}'s class codewords. */
  ClassWordTable(Codebook codebook) {
    this.words = BitPacking.words(codebook.length());
    long[] packed = BitPacking.packCodewords(codebook);
    Comparator<Integer> byWord =
        (a, b) -> compare(packed, a * words, packed, b * words);
    sortedClasses =
        IntStream.range(0, codebook.classes())
            .boxed()
            .sorted(byWord.thenComparing(Comparator.naturalOrder()))
            .mapToInt(Integer::intValue)
            .toArray();
    sortedWords = new long[packed.length];
    for (int i = 0; i < sortedClasses.length; i++) {
      System.arraycopy(packed, sortedClasses[i] * words, sortedWords, i * words, words);
    }
  }

  /** The lowest class whose codeword is {@code word}, or -1 when no class owns it. */
  int classOf(long[] word) {
    int low = 0;
    int high = sortedClasses.length;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (compare(sortedWords, mid * words, word, 0) < 0) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    if (low < sortedClasses.length && compare(sortedWords, low * words, word, 0) == 0) {
      return sortedClasses[low];
    }
    return -1;
  }

  private int compare(long[] a, int at, long[] b, int bt) {
    for (int w = 0; w < words; w++) {
      int order = Long.compareUnsigned(a[at + w], b[bt + w]);
      if (order != 0) {
        return order;
      }
    }
    return 0;
  }
}
