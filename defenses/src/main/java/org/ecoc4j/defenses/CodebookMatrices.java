package org.ecoc4j.defenses;

import java.util.List;
import org.ecoc4j.api.codebook.Codebook;

/** Constant matrices read from codebooks, row-major, for {@code Terms.project}. */
final class CodebookMatrices {

  private CodebookMatrices() {}

  /** The codewords as N rows of K floats: projecting one-hot labels onto it picks a codeword. */
  static float[] rows(Codebook book) {
    int n = book.classes();
    int k = book.length();
    float[] m = new float[n * k];
    for (int c = 0; c < n; c++) {
      for (int j = 0; j < k; j++) {
        m[c * k + j] = book.bit(c, j);
      }
    }
    return m;
  }

  /** The transposed codewords, K rows of N floats: projecting outputs onto it correlates. */
  static float[] transposed(Codebook book) {
    int n = book.classes();
    int k = book.length();
    float[] m = new float[k * n];
    for (int c = 0; c < n; c++) {
      for (int j = 0; j < k; j++) {
        m[j * n + c] = book.bit(c, j);
      }
    }
    return m;
  }

  /**
   * The transposed codewords of every member stacked, {@code M*K} rows of N floats: projecting
   * the member-major outputs onto it sums the members' correlations.
   */
  static float[] stackedTransposed(List<Codebook> books) {
    int n = books.get(0).classes();
    int k = books.get(0).length();
    float[] m = new float[books.size() * k * n];
    for (int member = 0; member < books.size(); member++) {
      System.arraycopy(transposed(books.get(member)), 0, m, member * k * n, k * n);
    }
    return m;
  }
}
