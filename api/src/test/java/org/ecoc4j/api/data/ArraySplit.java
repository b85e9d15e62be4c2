package org.ecoc4j.api.data;

/** A split over images given as one float array, for tests. */
final class ArraySplit implements Split {
  private final ImageShape shape;
  private final float[] pixels;
  private final int[] labels;
  private final int classes;

  ArraySplit(ImageShape shape, float[] pixels, int[] labels, int classes) {
    this.shape = shape;
    this.pixels = pixels;
    this.labels = labels;
    this.classes = classes;
  }

  /** Image i has every value equal to i / size and label i % classes. */
  static ArraySplit counting(ImageShape shape, int size, int classes) {
    float[] pixels = new float[size * shape.size()];
    int[] labels = new int[size];
    for (int i = 0; i < size; i++) {
      java.util.Arrays.fill(pixels, i * shape.size(), (i + 1) * shape.size(), i / (float) size);
      labels[i] = i % classes;
    }
    return new ArraySplit(shape, pixels, labels, classes);
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
    System.arraycopy(pixels, index * shape.size(), into, offset, shape.size());
  }
}
