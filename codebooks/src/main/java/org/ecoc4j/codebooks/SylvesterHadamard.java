package org.ecoc4j.codebooks;

/**
 * Rows of the Sylvester Hadamard matrix of order L (a power of two), defined by {@code H_1 = [1]}
 * and {@code H_2n = [[H_n, H_n], [H_n, -H_n]]}.
 *
 * <p>Unrolling the recursion gives the closed form used here: {@code H[r][j] = (-1)^popcount(r &
 * j)}, so a single row costs O(L) without building the L x L matrix. Row 0 is all ones; any two
 * different rows agree in exactly L/2 positions.
 */
final class SylvesterHadamard {

  private SylvesterHadamard() {}

  /**
   * Row {@code r} of the Sylvester matrix of order {@code order}, entries +1/-1.
   *
   * @throws IllegalArgumentException if {@code order} is not a power of two or {@code r} is
   *     outside {@code 0..order-1}
   */
  static int[] row(int order, int r) {
    if (order < 1 || Integer.bitCount(order) != 1) {
      throw new IllegalArgumentException("a Sylvester Hadamard order must be a power of two, got "
          + order);
    }
    if (r < 0 || r >= order) {
      throw new IllegalArgumentException(
          "row " + r + " is outside the Hadamard matrix of order " + order);
    }
    int[] row = new int[order];
    for (int j = 0; j < order; j++) {
      row[j] = (Integer.bitCount(r & j) & 1) == 0 ? 1 : -1;
    }
    return row;
  }
}
