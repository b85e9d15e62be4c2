package org.ecoc4j.api.data;

/**
 * One split of a dataset (training or test): a fixed, indexed sequence of labelled images with
 * random access, read in batches through a {@link BatchCursor}.
 *
 * <p>Images are delivered as floats in [0, 1], C x H x W. An implementation keeps the images in
 * their compact stored form (bytes in memory, or records in a file) and converts one image at a
 * time, so a split never needs more than about its raw size in memory. Reads are safe from several
 * threads at once. A read that fails after the split was opened (a file truncated meanwhile)
 * throws {@link DatasetException} naming the file.
 */
public interface Split {

  /** The split's name: {@code train} or {@code test}, with a suffix for subsets. */
  String name();

  /** The shape of every image. */
  ImageShape shape();

  /** Number of classes; every label is in {@code [0, classes())}. */
  int classes();

  /** Number of images. */
  int size();

  /**
   * The label of image {@code index}.
   *
   * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, size())}
   */
  int label(int index);

  /**
   * Copies image {@code index} as {@code shape().size()} floats in [0, 1] into {@code into},
   * starting at {@code offset}.
   *
   * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, size())} or the image
   *     does not fit {@code into} at {@code offset}
   * @throws DatasetException if the backing file cannot be read
   */
  void copyImage(int index, float[] into, int offset);

  /** The label of every image, in order. */
  default int[] labels() {
    int[] labels = new int[size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = label(i);
    }
    return labels;
  }

  /** Images per class, indexed by label. */
  default int[] classCounts() {
    int[] counts = new int[classes()];
    for (int i = 0; i < size(); i++) {
      counts[label(i)]++;
    }
    return counts;
  }

  /**
   * A split over images held in memory, e.g. generated data or images a caller decoded itself.
   *
   * @param name split name, e.g. {@code train}
   * @param shape shape of each image
   * @param classes number of classes, at least 2
   * @param images {@code labels.length * shape.size()} floats, sample-major (not copied: do not
   *     change them while the split is in use)
   * @param labels one label per image, each in {@code [0, classes)} (not copied)
   * @throws IllegalArgumentException for lengths that do not match, labels out of range or
   *     non-finite pixels
   */
  static Split inMemory(String name, ImageShape shape, int classes, float[] images, int[] labels) {
    return new InMemorySplit(name, shape, classes, images, labels);
  }

  /** Batches of at most {@code batchSize} images in index order: how test sets are evaluated. */
  default BatchCursor inOrder(int batchSize) {
    return BatchCursor.inOrder(this, batchSize);
  }

  /**
   * Batches of at most {@code batchSize} images in an order shuffled by {@code seed}: one training
   * epoch. The same seed always gives the same order; use a different seed per epoch.
   */
  default BatchCursor shuffled(int batchSize, long seed) {
    return BatchCursor.shuffled(this, batchSize, seed);
  }
}
