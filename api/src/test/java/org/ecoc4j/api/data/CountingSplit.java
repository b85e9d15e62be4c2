package org.ecoc4j.api.data;

import java.util.Arrays;

/** Test splits whose contents are easy to predict. */
final class CountingSplit {

  private CountingSplit() {}

  /** Image i has every value equal to i / size and label i % classes. */
  static Split of(ImageShape shape, int size, int classes) {
    float[] pixels = new float[size * shape.size()];
    int[] labels = new int[size];
    for (int i = 0; i < size; i++) {
      Arrays.fill(pixels, i * shape.size(), (i + 1) * shape.size(), i / (float) size);
      labels[i] = i % classes;
    }
    return Split.inMemory("test", shape, classes, pixels, labels);
  }
}
