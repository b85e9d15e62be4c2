package org.ecoc4j.training;

import org.ecoc4j.api.data.Batch;
import org.ecoc4j.api.data.Split;

/** Copies samples of a {@link Split} into a {@link Batch}, checking labels and pixels. */
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
   * Fills {@code batch} with samples {@code order[from .. from + count)}.
   *
   * @throws IllegalArgumentException for a label outside the classes or a non-finite pixel
   */
  void fill(int[] order, int from, int count, Batch batch) {
    batch.resize(count);
    float[] images = batch.images();
    for (int i = 0; i < count; i++) {
      int index = order[from + i];
      data.copyImage(index, images, i * sampleSize);
      for (int p = i * sampleSize; p < (i + 1) * sampleSize; p++) {
        if (!Float.isFinite(images[p])) {
          throw new IllegalArgumentException(
              "sample " + index + " has pixel " + images[p] + " at " + (p - i * sampleSize));
        }
      }
      batch.labels()[i] = label(index);
      batch.indices()[i] = index;
    }
  }

  /**
   * Checks every sample of the split.
   *
   * @throws IllegalArgumentException for a label outside the classes or a non-finite pixel
   */
  void checkAll() {
    float[] image = new float[sampleSize];
    for (int index = 0; index < data.size(); index++) {
      data.copyImage(index, image, 0);
      for (int p = 0; p < sampleSize; p++) {
        if (!Float.isFinite(image[p])) {
          throw new IllegalArgumentException(
              data.name() + " sample " + index + " has pixel " + image[p] + " at " + p);
        }
      }
      label(index);
    }
  }

  private int label(int index) {
    int label = data.label(index);
    if (label < 0 || label >= classes) {
      throw new IllegalArgumentException(
          "sample " + index + " has label " + label + ", outside [0, " + classes + ")");
    }
    return label;
  }
}
