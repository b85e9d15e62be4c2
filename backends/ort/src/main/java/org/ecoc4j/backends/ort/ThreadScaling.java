package org.ecoc4j.backends.ort;

/**
 * How a rate grows with threads: the rate at the larger thread count divided by the rate at the
 * smaller, each side of the benchmark against itself. Issue 17's goal is at least 3 from 2 to 16
 * threads where PyTorch grows as much.
 */
final class ThreadScaling {

  private ThreadScaling() {}

  /**
   * {@code to / from}.
   *
   * @throws IllegalArgumentException for a rate that is not positive (or NaN)
   */
  static double of(double from, double to) {
    if (!(from > 0) || !(to > 0)) {
      throw new IllegalArgumentException(
          "thread scaling needs positive rates, got " + from + " and " + to);
    }
    return to / from;
  }
}
