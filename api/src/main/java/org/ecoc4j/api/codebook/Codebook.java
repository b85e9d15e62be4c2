package org.ecoc4j.api.codebook;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * N classes x K bits of +1/-1: row {@code c} is the codeword of class {@code c}. Immutable.
 *
 * <p>The minimum and maximum pairwise Hamming distances are computed once, at construction. A
 * codebook built from a {@link LinearBlockCode} carries it, so decoders can compute syndromes;
 * every class codeword is then a codeword of that code (checked at construction). See the
 * package documentation for the +1/-1 to 1/0 convention.
 */
public final class Codebook {

  private final int classes;
  private final int length;
  private final byte[] entries;
  private final LinearBlockCode code;
  private final int minDistance;
  private final int maxDistance;

  private Codebook(int classes, int length, byte[] entries, LinearBlockCode code) {
    if (classes < 2) {
      throw new IllegalArgumentException("a codebook needs at least 2 classes, got " + classes);
    }
    if (length < 1) {
      throw new IllegalArgumentException("a codebook needs at least 1 bit per codeword, got " + length);
    }
    this.classes = classes;
    this.length = length;
    this.entries = entries;
    this.code = code;
    long[][] packed = pack();
    int min = Integer.MAX_VALUE;
    int max = 0;
    for (int a = 0; a < classes; a++) {
      for (int b = a + 1; b < classes; b++) {
        int d = distance(packed[a], packed[b]);
        min = Math.min(min, d);
        max = Math.max(max, d);
      }
    }
    this.minDistance = min;
    this.maxDistance = max;
    if (code != null) {
      checkAgainst(code);
    }
  }

  /**
   * A codebook from rows of +1/-1.
   *
   * @param rows one row per class, all of the same length
   * @throws IllegalArgumentException for fewer than 2 rows, empty or ragged rows, or entries other
   *     than +1 and -1
   */
  public static Codebook of(int[][] rows) {
    Objects.requireNonNull(rows, "rows");
    if (rows.length < 2) {
      throw new IllegalArgumentException("a codebook needs at least 2 classes, got " + rows.length);
    }
    int length = rows[0].length;
    byte[] entries = new byte[rows.length * length];
    for (int c = 0; c < rows.length; c++) {
      if (rows[c].length != length) {
        throw new IllegalArgumentException(
            "codeword " + c + " has " + rows[c].length + " bits, codeword 0 has " + length);
      }
      for (int j = 0; j < length; j++) {
        entries[c * length + j] = entry(rows[c][j], c, j);
      }
    }
    return new Codebook(rows.length, length, entries, null);
  }

  /**
   * A codebook whose class codewords are codewords of a linear block code.
   *
   * @param code the code; its length n must equal the rows' length
   * @param rows one +1/-1 row per class; each, read as digits (+1 = 1), must have a zero syndrome
   * @throws IllegalArgumentException if a row is not a codeword of {@code code}
   */
  public static Codebook ofLinearCode(LinearBlockCode code, int[][] rows) {
    Objects.requireNonNull(code, "code");
    Codebook plain = of(rows);
    return new Codebook(plain.classes, plain.length, plain.entries, code);
  }

  /** Number of classes N (rows). */
  public int classes() {
    return classes;
  }

  /** Code length K (bits per codeword). */
  public int length() {
    return length;
  }

  /** Entry of class {@code c} at bit {@code j}: +1 or -1. */
  public int bit(int c, int j) {
    Objects.checkIndex(c, classes);
    Objects.checkIndex(j, length);
    return entries[c * length + j];
  }

  /** Codeword of class {@code c} as +1/-1 (a copy). */
  public int[] row(int c) {
    Objects.checkIndex(c, classes);
    int[] row = new int[length];
    for (int j = 0; j < length; j++) {
      row[j] = entries[c * length + j];
    }
    return row;
  }

  /** Codeword of class {@code c} as digits 0/1, +1 being 1 (a copy). */
  public int[] digits(int c) {
    int[] row = row(c);
    for (int j = 0; j < length; j++) {
      row[j] = row[j] > 0 ? 1 : 0;
    }
    return row;
  }

  /** All rows as +1/-1 (a copy). */
  public int[][] rows() {
    int[][] rows = new int[classes][];
    for (int c = 0; c < classes; c++) {
      rows[c] = row(c);
    }
    return rows;
  }

  /** All entries, row-major N x K floats of +1/-1 (a copy): the training targets. */
  public float[] toFloatArray() {
    float[] out = new float[entries.length];
    for (int i = 0; i < entries.length; i++) {
      out[i] = entries[i];
    }
    return out;
  }

  /** Hamming distance between the codewords of classes {@code a} and {@code b}. */
  public int hammingDistance(int a, int b) {
    Objects.checkIndex(a, classes);
    Objects.checkIndex(b, classes);
    int d = 0;
    for (int j = 0; j < length; j++) {
      if (entries[a * length + j] != entries[b * length + j]) {
        d++;
      }
    }
    return d;
  }

  /** Smallest Hamming distance between two different class codewords. */
  public int minHammingDistance() {
    return minDistance;
  }

  /** Largest Hamming distance between two different class codewords. */
  public int maxHammingDistance() {
    return maxDistance;
  }

  /** The linear block code the class codewords belong to, if the codebook was built from one. */
  public Optional<LinearBlockCode> linearCode() {
    return Optional.ofNullable(code);
  }

  private void checkAgainst(LinearBlockCode linear) {
    if (linear.n() != length) {
      throw new IllegalArgumentException(
          "the code has length " + linear.n() + " but the codewords have " + length + " bits");
    }
    for (int c = 0; c < classes; c++) {
      if (!linear.isCodeword(digits(c))) {
        throw new IllegalArgumentException(
            "codeword of class " + c + " is not a codeword of " + linear + " (non-zero syndrome)");
      }
    }
  }

  private long[][] pack() {
    int words = (length + 63) / 64;
    long[][] packed = new long[classes][words];
    for (int c = 0; c < classes; c++) {
      for (int j = 0; j < length; j++) {
        if (entries[c * length + j] > 0) {
          packed[c][j >>> 6] |= 1L << (j & 63);
        }
      }
    }
    return packed;
  }

  private static int distance(long[] a, long[] b) {
    int d = 0;
    for (int w = 0; w < a.length; w++) {
      d += Long.bitCount(a[w] ^ b[w]);
    }
    return d;
  }

  private static byte entry(int value, int c, int j) {
    if (value != 1 && value != -1) {
      throw new IllegalArgumentException(
          "codeword " + c + " bit " + j + " is " + value + ", expected +1 or -1");
    }
    return (byte) value;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Codebook)) {
      return false;
    }
    Codebook other = (Codebook) o;
    return classes == other.classes
        && length == other.length
        && Arrays.equals(entries, other.entries)
        && Objects.equals(code, other.code);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(entries) + Objects.hash(classes, length, code);
  }

  @Override
  public String toString() {
    return "Codebook(" + classes + " classes x " + length + " bits, Hamming distance "
        + minDistance + ".." + maxDistance + (code == null ? "" : ", " + code) + ")";
  }
}
