package org.ecoc4j.api.data;

/**
 * The shape of one image: channels x height x width, laid out channel-major (C x H x W).
 *
 * @param channels number of channels C (1 for grey, 3 for RGB)
 * @param height rows H
 * @param width columns W
 */
public record ImageShape(int channels, int height, int width) {

  /** Validates that every dimension is positive and that one image fits an array. */
  public ImageShape {
    if (channels < 1 || height < 1 || width < 1) {
      throw new IllegalArgumentException(
          "image shape needs positive dimensions, got " + channels + "x" + height + "x" + width);
    }
    if ((long) channels * height * width > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "image shape " + channels + "x" + height + "x" + width + " is too large for one array");
    }
  }

  /** Values per image: {@code channels * height * width}. */
  public int size() {
    return channels * height * width;
  }

  /** Values per channel plane: {@code height * width}. */
  public int plane() {
    return height * width;
  }

  /** Index of the value at channel {@code c}, row {@code y}, column {@code x} within one image. */
  public int index(int c, int y, int x) {
    return (c * height + y) * width + x;
  }

  /** The shape as {@code CxHxW}, e.g. {@code 3x32x32}. */
  @Override
  public String toString() {
    return channels + "x" + height + "x" + width;
  }
}
