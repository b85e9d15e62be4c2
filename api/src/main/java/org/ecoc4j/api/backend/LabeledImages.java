package org.ecoc4j.api.backend;

/**
 * Random access to labelled images, what a trainer reads. A dataset adapter implements it.
 *
 * <p>Implementations must be safe for reads from one thread at a time and must not change while a
 * trainer reads them.
 */
public interface LabeledImages {

  /** Number of samples. */
  int size();

  /** Shape of every image. */
  ImageShape shape();

  /** Number of classes; every label is in {@code [0, classes())}. */
  int classes();

  /**
   * Copies image {@code index} into {@code into} at {@code offset}, {@code shape().size()} floats.
   *
   * @throws IndexOutOfBoundsException for an index outside {@code [0, size())} or a short array
   */
  void copyImage(int index, float[] into, int offset);

  /** Label of sample {@code index}, in {@code [0, classes())}. */
  int label(int index);

  /**
   * In-memory images and labels.
   *
   * @param shape shape of each image
   * @param classes number of classes
   * @param images {@code labels.length * shape.size()} floats, sample-major (not copied)
   * @param labels one label per sample, each in {@code [0, classes)} (not copied)
   * @throws IllegalArgumentException for lengths that do not match, labels out of range or
   *     non-finite pixels
   */
  static LabeledImages of(ImageShape shape, int classes, float[] images, int[] labels) {
    return new ArrayLabeledImages(shape, classes, images, labels);
  }
}
