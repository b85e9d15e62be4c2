package org.ecoc4j.api.data;

import java.util.Objects;

/** A {@link Split} over a float array of images and an int array of labels, validated once. */
final class InMemorySplit implements Split {

  private final String name;
  private final ImageShape shape;
  private final int classes;
  private final float[] images;
  private final int[] labels;

  InMemorySplit(String name, ImageShape shape, int classes, float[] images, int[] labels) {
    this.name = Objects.requireNonNull(name, "name");
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
    Objects.checkIndex(index, labels.length);
    return labels[index];
  }

  @Override
  public void copyImage(int index, float[] into, int offset) {
    Objects.checkIndex(index, labels.length);
    int length = shape.size();
    Objects.checkFromIndexSize(offset, length, into.length);
    System.arraycopy(images, index * length, into, offset, length);
  }
}
