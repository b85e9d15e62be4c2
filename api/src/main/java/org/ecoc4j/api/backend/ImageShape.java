package org.ecoc4j.api.backend;

/**
 * The shape of one image: channels x height x width.
 *
 * @param channels number of channels, e.g. 1 for grey scale, 3 for RGB
 * @param height rows
 * @param width columns
 */
public record ImageShape(int channels, int height, int width) {

  /** Refuses non-positive sizes. */
  public ImageShape {
    if (channels < 1 || height < 1 || width < 1) {
      throw new IllegalArgumentException(
          "image shape must be positive, got " + channels + "x" + height + "x" + width);
    }
  }

  /** Floats per image: {@code channels * height * width}. */
  public int size() {
    return Math.multiplyExact(channels, Math.multiplyExact(height, width));
  }

  @Override
  public String toString() {
    return channels + "x" + height + "x" + width;
  }
}
