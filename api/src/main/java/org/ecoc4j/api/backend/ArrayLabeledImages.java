package org.ecoc4j.api.backend;

import java.util.Objects;

/** {@link LabeledImages} over two arrays, validated once at construction. */
final class ArrayLabeledImages implements LabeledImages {

  private final ImageShape shape;
  private final int classes;
  private final float[] images;
  private final int[] labels;

  ArrayLabeledImages(ImageShape shape, int classes, float[] images, int[] labels) {
    this.shape = Objects.requireNonNull(shape, "shape");
    this.images = Objects.requireNonNull(images, "images");
    this.labels = Objects.requireNonNull(labels, "labels");
    if (classes < 2) {
      throw new IllegalArgumentException("need at least 2 classes, got " + classes);
    }
    this.classes = classes;
    long expected = (long) labels.length * shape.size();
    if (images.length != expected) {
      throw new IllegalArgumentException(
          "images hold " + images.length + " floats, " + labels.length + " samples of " + shape
              + " need " + expected);
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= classes) {
        throw new IllegalArgumentException(
            "label of sample " + i + " is " + labels[i] + ", outside [0, " + classes + ")");
      }
    }
    for (int i = 0; i < images.length; i++) {
      if (!Float.isFinite(images[i])) {
        throw new IllegalArgumentException(
            "pixel " + i % shape.size() + " of sample " + i / shape.size() + " is " + images[i]);
      }
    }
  }

  @Override
  public int size() {
    return labels.length;
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
  public void copyImage(int index, float[] into, int offset) {
    Objects.checkIndex(index, labels.length);
    int length = shape.size();
    Objects.checkFromIndexSize(offset, length, into.length);
    System.arraycopy(images, index * length, into, offset, length);
  }

  @Override
  public int label(int index) {
    Objects.checkIndex(index, labels.length);
    return labels[index];
  }
}
