package org.ecoc4j.api.codebook;

import java.util.Arrays;
import java.util.Objects;

/**
 * A binary linear (n, k) block code in systematic form: generator {@code G = [I_k | P^T]} and
 * parity-check matrix {@code H = [P | I_(n-k)]}, so that {@code G H^T = 0} over GF(2).
 *
 * <p>Words and messages are arrays of 0/1 digits, position 0 first. Codeword position {@code i <
 * k} is message digit {@code i}; positions {@code k..n-1} are the check digits. Immutable.
 */
public final class LinearBlockCode {

  private final int n;
  private final int k;
  /** P^T, k rows of n-k digits. */
  private final byte[][] parityPart;

  private LinearBlockCode(byte[][] parityPart, int n, int k) {
    this.parityPart = parityPart;
    this.n = n;
    this.k = k;
  }

  /**
   * Builds the systematic code whose generator is {@code [I_k | parityPart]}.
   *
   * @param parityPart {@code P^T}: k rows, each of n-k digits 0 or 1 (k >= 1, n-k >= 1)
   * @throws IllegalArgumentException for ragged rows, empty parts or digits other than 0 and 1
   */
  public static LinearBlockCode systematic(int[][] parityPart) {
    Objects.requireNonNull(parityPart, "parityPart");
    if (parityPart.length == 0 || parityPart[0].length == 0) {
      throw new IllegalArgumentException(
          "a systematic code needs at least one message digit and one check digit");
    }
    int k = parityPart.length;
    int checks = parityPart[0].length;
    byte[][] copy = new byte[k][checks];
    for (int i = 0; i < k; i++) {
      if (parityPart[i].length != checks) {
        throw new IllegalArgumentException(
            "parity part row " + i + " has " + parityPart[i].length + " digits, expected " + checks);
      }
      for (int j = 0; j < checks; j++) {
        copy[i][j] = digit(parityPart[i][j], "parity part", i, j);
      }
    }
    return new LinearBlockCode(copy, k + checks, k);
  }

  /** Code length n (digits per codeword). */
  public int n() {
    return n;
  }

  /** Message length k (information digits per codeword). */
  public int k() {
    return k;
  }

  /** Number of check digits, n - k. */
  public int checkDigits() {
    return n - k;
  }

  /** {@code P^T}: k rows of n-k digits (a copy). */
  public int[][] parityPart() {
    int[][] out = new int[k][n - k];
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < n - k; j++) {
        out[i][j] = parityPart[i][j];
      }
    }
    return out;
  }

  /** The generator matrix {@code G = [I_k | P^T]}, k rows of n digits (a copy). */
  public int[][] generatorMatrix() {
    int[][] g = new int[k][n];
    for (int i = 0; i < k; i++) {
      g[i][i] = 1;
      for (int j = 0; j < n - k; j++) {
        g[i][k + j] = parityPart[i][j];
      }
    }
    return g;
  }

  /** The parity-check matrix {@code H = [P | I_(n-k)]}, n-k rows of n digits (a copy). */
  public int[][] parityCheckMatrix() {
    int[][] h = new int[n - k][n];
    for (int r = 0; r < n - k; r++) {
      for (int i = 0; i < k; i++) {
        h[r][i] = parityPart[i][r];
      }
      h[r][k + r] = 1;
    }
    return h;
  }

  /**
   * Encodes a message: {@code c = m G}.
   *
   * @param message k digits 0/1
   * @return the n-digit codeword
   */
  public int[] encode(int[] message) {
    checkLength(message, k, "message");
    int[] word = new int[n];
    for (int i = 0; i < k; i++) {
      int m = digit(message[i], "message", 0, i);
      word[i] = m;
      if (m == 1) {
        for (int j = 0; j < n - k; j++) {
          word[k + j] ^= parityPart[i][j];
        }
      }
    }
    return word;
  }

  /**
   * The syndrome {@code s = w H^T}: n-k digits, all zero exactly when {@code word} is a codeword.
   *
   * @param word n digits 0/1
   */
  public int[] syndrome(int[] word) {
    checkLength(word, n, "word");
    int[] s = new int[n - k];
    for (int r = 0; r < n - k; r++) {
      int acc = digit(word[k + r], "word", 0, k + r);
      for (int i = 0; i < k; i++) {
        acc ^= digit(word[i], "word", 0, i) & parityPart[i][r];
      }
      s[r] = acc;
    }
    return s;
  }

  /** Whether {@code word} (n digits 0/1) has a zero syndrome. */
  public boolean isCodeword(int[] word) {
    for (int digit : syndrome(word)) {
      if (digit != 0) {
        return false;
      }
    }
    return true;
  }

  private static void checkLength(int[] digits, int expected, String what) {
    Objects.requireNonNull(digits, what);
    if (digits.length != expected) {
      throw new IllegalArgumentException(
          what + " has " + digits.length + " digits, expected " + expected);
    }
  }

  private static byte digit(int value, String what, int row, int column) {
    if (value != 0 && value != 1) {
      throw new IllegalArgumentException(
          what + " digit at (" + row + ", " + column + ") is " + value + ", expected 0 or 1");
    }
    return (byte) value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LinearBlockCode && Arrays.deepEquals(parityPart, ((LinearBlockCode) o).parityPart);
  }

  @Override
  public int hashCode() {
    return Arrays.deepHashCode(parityPart);
  }

  @Override
  public String toString() {
    return "LinearBlockCode(" + n + ", " + k + ")";
  }
}
