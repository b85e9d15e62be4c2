package org.ecoc4j.decoders;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.codebook.LinearBlockCode;
import org.ecoc4j.api.decoding.Decoder;
import org.ecoc4j.api.decoding.PreparedDecoder;

/** Codebooks, outputs and decoders shared by the tests. */
final class Fixtures {

  /** P^T of the paper's CRC7 (10, 4) code. */
  static final int[][] CRC7_PARITY_PART = {
    {0, 1, 0, 1, 1, 0}, {0, 0, 1, 0, 1, 1}, {1, 0, 1, 1, 1, 0}, {0, 1, 0, 1, 1, 1}
  };

  private Fixtures() {}

  /** Every decoder of the module by name, built directly (the ServiceLoader test checks lookup). */
  static Decoder decoder(String name) {
    Map<String, Decoder> all =
        Map.of(
            "euclidean", new EuclideanDecoder(),
            "bit-threshold", new BitThresholdDecoder(),
            "zadeh", new ZadehDecoder(),
            "correlation-softmax", new CorrelationSoftmaxDecoder(),
            "cosine-softmax", new CosineSoftmaxDecoder());
    Decoder decoder = all.get(name);
    if (decoder == null) {
      throw new IllegalArgumentException("no decoder " + name);
    }
    return decoder;
  }

  static PreparedDecoder prepare(String name, List<Codebook> members, Map<String, String> options) {
    return decoder(name).prepare(members, options);
  }

  /** The CRC7 (10, 4) code of the paper. */
  static LinearBlockCode crc7Code() {
    return LinearBlockCode.systematic(CRC7_PARITY_PART);
  }

  /** The 4 message digits of {@code value}, most significant first. */
  static int[] message(int value) {
    return new int[] {(value >> 3) & 1, (value >> 2) & 1, (value >> 1) & 1, value & 1};
  }

  /** Digits 0/1 as entries +1/-1. */
  static int[] signs(int[] digits) {
    int[] row = new int[digits.length];
    for (int j = 0; j < digits.length; j++) {
      row[j] = digits[j] == 1 ? 1 : -1;
    }
    return row;
  }

  /** CRC7 codebook: class c is the codeword of message c (c = 0..9); messages 10..15 are unowned. */
  static Codebook crc7Codebook() {
    LinearBlockCode code = crc7Code();
    int[][] rows = new int[10][];
    for (int c = 0; c < 10; c++) {
      rows[c] = signs(code.encode(message(c)));
    }
    return Codebook.ofLinearCode(code, rows);
  }

  /** A codebook of {@code n} distinct random rows of {@code k} bits ({@code 2^k >= n}). */
  static Codebook randomCodebook(Random random, int n, int k) {
    Set<String> seen = new HashSet<>();
    int[][] rows = new int[n][];
    for (int c = 0; c < n; ) {
      int[] row = new int[k];
      for (int j = 0; j < k; j++) {
        row[j] = random.nextBoolean() ? 1 : -1;
      }
      if (seen.add(Arrays.toString(row))) {
        rows[c++] = row;
      }
    }
    return Codebook.of(rows);
  }

  /** Smallest k with {@code 2^k >= n}. */
  static int bitsFor(int n) {
    return 32 - Integer.numberOfLeadingZeros(n - 1);
  }

  /** {@code members} random codebooks of n rows x k bits. */
  static List<Codebook> randomMembers(Random random, int members, int n, int k) {
    Codebook[] books = new Codebook[members];
    for (int m = 0; m < members; m++) {
      books[m] = randomCodebook(random, n, k);
    }
    return List.of(books);
  }

  /**
   * Outputs laid out as the decoders expect: each member of sample b emits {@code scale} times
   * the +1/-1 codeword of class {@code labels[b]}.
   */
  static float[] scaledCodewords(List<Codebook> members, int[] labels, float scale) {
    int m = members.size();
    int k = members.get(0).length();
    float[] out = new float[labels.length * m * k];
    for (int b = 0; b < labels.length; b++) {
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < k; j++) {
          out[(b * m + i) * k + j] = scale * members.get(i).bit(labels[b], j);
        }
      }
    }
    return out;
  }

  /** Normally distributed outputs. */
  static float[] gaussian(Random random, int length, double sigma) {
    float[] out = new float[length];
    for (int i = 0; i < length; i++) {
      out[i] = (float) (sigma * random.nextGaussian());
    }
    return out;
  }
}
