package org.ecoc4j.datasets.idx;

import java.util.Arrays;

/**
 * An IDX array of unsigned bytes: its dimensions and its values in row-major order.
 *
 * @param dimensions sizes of each dimension, outermost first (e.g. images, rows, columns)
 * @param values {@code product(dimensions)} unsigned bytes
 */
public record IdxArray(int[] dimensions, byte[] values) {

  /** Checks that the value count matches the dimensions; keeps the arrays as given. */
  public IdxArray {
    long product = 1;
    for (int d : dimensions) {
      if (d < 0) {
        throw new IllegalArgumentException("negative IDX dimension " + d);
      }
      product *= d;
    }
    if (dimensions.length == 0 || product != values.length) {
      throw new IllegalArgumentException(
          "IDX dimensions " + Arrays.toString(dimensions) + " do not hold " + values.length
              + " values");
    }
  }

  /** Size of the outermost dimension: the number of items (images or labels). */
  public int count() {
    return dimensions[0];
  }

  /** The dimensions as {@code 60000x28x28}. */
  public String describe() {
    StringBuilder text = new StringBuilder();
    for (int d : dimensions) {
      text.append(text.length() == 0 ? "" : "x").append(d);
    }
    return text.toString();
  }
}
