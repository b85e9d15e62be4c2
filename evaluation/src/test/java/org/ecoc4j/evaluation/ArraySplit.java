package org.ecoc4j.evaluation;

import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.data.Split;

/** A test split over arrays. */
final class ArraySplit implements Split {

  private final ImageShape shape;
  private final float[] images;
  private final int[] labels;
  private final int classes;

  ArraySplit(ImageShape shape, int classes, float[] images, int[] labels) {
    this.shape = shape;
    this.classes = classes;
    this.images = images;
    this.labels = labels;
  }

  @Override
  public String name() {
    return "test";
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
    return labels[index];
  }

  @Override
  public void copyImage(int index, float[] into, int offset) {
    System.arraycopy(images, index * shape.size(), into, offset, shape.size());
  }
}
