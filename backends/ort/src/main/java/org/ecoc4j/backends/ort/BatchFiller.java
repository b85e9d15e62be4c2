package org.ecoc4j.backends.ort;

import org.ecoc4j.api.data.Split;

/** Copies samples of {@link Split} into batch arrays, checking labels and pixels. */
final class BatchFiller {

  private final Split data;
  private final int sampleSize;
  private final int classes;

  BatchFiller(Split data, int classes) {
    this.data = data;
    this.sampleSize = data.shape().size();
    this.classes = classes;
  }

  /**
   * Copies samples {@code order[from .. from + count)} into the first {@code count} rows.
   *
   * @throws IllegalArgumentException for a label outside the classes or a non-finite pixel
   */
  void fill(int[] order, int from, int count, float[] images, long[] labels) {
    for (int i = 0; i < count; i++) {
      int index = order[from + i];
      data.copyImage(index, images, i * sampleSize);
      for (int p = i * sampleSize; p < (i + 1) * sampleSize; p++) {
        if (!Float.isFinite(images[p])) {
          throw new IllegalArgumentException(
              "sample " + index + " has pixel " + images[p] + " at " + (p - i * sampleSize));
        }
      }
      int label = data.label(index);
      if (label < 0 || label >= classes) {
        throw new IllegalArgumentException(
            "sample " + index + " has label " + label + ", outside [0, " + classes + ")");
      }
      labels[i] = label;
    }
  }
}
