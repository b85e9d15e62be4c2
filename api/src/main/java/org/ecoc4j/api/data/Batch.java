package org.ecoc4j.api.data;

import java.util.Objects;

/**
 * A reusable batch of images with their labels: the unit that trainers, evaluators and attacks
 * consume.
 *
 * <p>{@link #images()} holds {@link #size()} images of {@link #shape()} one after another, N x C
 * x H x W row-major, with values in [0, 1]; {@link #labels()} holds their class indices and
 * {@link #indices()} their positions in the {@link Split} they came from (for reports and image
 * export). The arrays have room for {@link #capacity()} samples; only the first {@code size()}
 * entries are valid. Allocate one batch with the largest batch size and let a {@link
 * BatchCursor} refill it: nothing is allocated per batch. Not thread-safe.
 */
public final class Batch {

  private final ImageShape shape;
  private final float[] images;
  private final int[] labels;
  private final int[] indices;
  private int size;

  /**
   * Allocates an empty batch.
   *
   * @param shape the shape of each image
   * @param capacity the most samples the batch holds, at least 1
   * @throws IllegalArgumentException if the capacity is not positive or the images do not fit one
   *     array
   */
  public Batch(ImageShape shape, int capacity) {
    this.shape = Objects.requireNonNull(shape, "shape");
    if (capacity < 1) {
      throw new IllegalArgumentException("batch capacity must be at least 1, got " + capacity);
    }
    long values = (long) capacity * shape.size();
    if (values > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "a batch of " + capacity + " images of " + shape + " does not fit one float array");
    }
    this.images = new float[(int) values];
    this.labels = new int[capacity];
    this.indices = new int[capacity];
  }

  /** The shape of each image. */
  public ImageShape shape() {
    return shape;
  }

  /** The most samples this batch holds. */
  public int capacity() {
    return labels.length;
  }

  /** The number of valid samples. */
  public int size() {
    return size;
  }

  /**
   * Sets the number of valid samples; used by whoever fills the batch.
   *
   * @throws IllegalArgumentException if {@code newSize} is negative or above the capacity
   */
  public void resize(int newSize) {
    if (newSize < 0 || newSize > labels.length) {
      throw new IllegalArgumentException(
          "batch size " + newSize + " does not fit a batch of capacity " + labels.length);
    }
    size = newSize;
  }

  /** The image buffer, N x C x H x W; valid for the first {@code size() * shape().size()} values. */
  public float[] images() {
    return images;
  }

  /** The label buffer; valid for the first {@link #size()} entries. */
  public int[] labels() {
    return labels;
  }

  /** Each sample's index in its split; valid for the first {@link #size()} entries. */
  public int[] indices() {
    return indices;
  }

  /** Offset of sample {@code i}'s first value in {@link #images()}. */
  public int offset(int i) {
    return i * shape.size();
  }
}
