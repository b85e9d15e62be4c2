package org.ecoc4j.datasets;

import java.util.Objects;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.data.Split;

/**
 * A split kept in memory as unsigned bytes, one byte per pixel value, converted to floats in [0, 1]
 * ({@code byte / 255}) one image at a time: its memory is the raw size of the data.
 */
public final class ByteImageSplit implements Split {

  private static final float SCALE = 1f / 255f;

  private final String name;
  private final ImageShape shape;
  private final int classes;
  private final byte[] pixels;
  private final byte[] labels;

  /**
   * Wraps validated data without copying it.
   *
   * @param name the split's name
   * @param shape the shape of each image
   * @param classes the number of classes
   * @param pixels {@code labels.length * shape.size()} bytes, image after image, C x H x W
   * @param labels one label per image, each in {@code [0, classes)}
   * @throws IllegalArgumentException if the sizes disagree or a label is out of range
   */
  public ByteImageSplit(
      String name, ImageShape shape, int classes, byte[] pixels, byte[] labels) {
    this.name = Objects.requireNonNull(name, "name");
    this.shape = Objects.requireNonNull(shape, "shape");
    if (classes < 1 || classes > 256) {
      throw new IllegalArgumentException("classes must be in [1, 256], got " + classes);
    }
    if ((long) labels.length * shape.size() != pixels.length) {
      throw new IllegalArgumentException(
          labels.length + " labels need " + (long) labels.length * shape.size()
              + " pixel values of " + shape + ", got " + pixels.length);
    }
    for (int i = 0; i < labels.length; i++) {
      if ((labels[i] & 0xff) >= classes) {
        throw new IllegalArgumentException(
            "label " + (labels[i] & 0xff) + " of image " + i + " is outside [0, " + classes + ")");
      }
    }
    this.classes = classes;
    this.pixels = pixels;
    this.labels = labels;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public ImageShape shape() {
    return shape;
  }

  @Override
  public int classes() {
    return classes;
  }

  @Override
  public int size() {
    return labels.length;
  }

  @Override
  public int label(int index) {
    return labels[index] & 0xff;
  }

  @Override
  public void copyImage(int index, float[] into, int offset) {
    Objects.checkIndex(index, labels.length);
    int length = shape.size();
    Objects.checkFromIndexSize(offset, length, into.length);
    int start = index * length;
    for (int i = 0; i < length; i++) {
      into[offset + i] = (pixels[start + i] & 0xff) * SCALE;
    }
  }
}
