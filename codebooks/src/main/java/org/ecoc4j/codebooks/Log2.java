package org.ecoc4j.codebooks;

/** Integer base-2 logarithms. */
final class Log2 {

  private Log2() {}

  /**
   * {@code ceil(log2 n)}: the number of binary digits needed to number {@code n} things.
   *
   * @throws IllegalArgumentException if {@code n < 1}
   */
  static int ceil(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("log2 needs a positive number, got " + n);
    }
    return 32 - Integer.numberOfLeadingZeros(n - 1);
  }
}
