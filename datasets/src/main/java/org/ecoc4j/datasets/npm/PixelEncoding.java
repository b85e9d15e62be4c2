package org.ecoc4j.datasets.npm;

/** How a package's JSON writes pixel values. */
public enum PixelEncoding {
  /** Integers 0 to 255. */
  BYTES {
    @Override
    int toByte(double value) {
      return value == Math.rint(value) && value >= 0 && value <= 255 ? (int) value : -1;
    }
  },
  /** Numbers in [0, 1], the byte divided by 255 and rounded to a few decimals. */
  UNIT {
    @Override
    int toByte(double value) {
      return value >= 0 && value <= 1 ? (int) Math.round(value * 255) : -1;
    }
  };

  /** The pixel byte 0..255 that {@code value} encodes, or -1 when it encodes none. */
  abstract int toByte(double value);
}
