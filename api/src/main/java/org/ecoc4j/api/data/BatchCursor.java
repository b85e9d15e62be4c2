package org.ecoc4j.api.data;

import java.util.Objects;
import java.util.Random;

/**
 * One pass over a {@link Split} in a fixed order, refilling a caller's {@link Batch} with the
 * next images.
 *
 * <pre>{@code
 * BatchCursor epoch = dataset.train().shuffled(128, seed + epochNumber);
 * Batch batch = epoch.newBatch();
 * while (epoch.next(batch)) {
 *   train(batch.images(), batch.labels(), batch.size());
 * }
 * }</pre>
 *
 * <p>Every batch but the last holds exactly the batch size; the last holds the rest. Not
 * thread-safe.
 */
public final class BatchCursor {

  private final Split split;
  private final int[] order;
  private final int batchSize;
  private int position;

  private BatchCursor(Split split, int[] order, int batchSize) {
    this.split = Objects.requireNonNull(split, "split");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
    }
    this.order = order;
    this.batchSize = batchSize;
  }

  /** A pass over {@code split} in index order. */
  public static BatchCursor inOrder(Split split, int batchSize) {
    int[] order = new int[split.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    return new BatchCursor(split, order, batchSize);
  }

  /** A pass over {@code split} in the order {@link #permutation(int, long)} gives for the seed. */
  public static BatchCursor shuffled(Split split, int batchSize, long seed) {
    return new BatchCursor(split, permutation(split.size(), seed), batchSize);
  }

  /**
   * A pseudo-random permutation of {@code 0 .. size-1}: a Fisher-Yates shuffle driven by {@link
   * Random} (whose algorithm the JDK specifies), so the same seed gives the same order on every
   * JVM.
   */
  public static int[] permutation(int size, long seed) {
    if (size < 0) {
      throw new IllegalArgumentException("size must not be negative, got " + size);
    }
    int[] order = new int[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    Random random = new Random(seed);
    for (int i = size - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
    return order;
  }

  /** A batch with room for exactly this cursor's batch size. */
  public Batch newBatch() {
    return new Batch(split.shape(), batchSize);
  }

  /** The largest number of images one call of {@link #next(Batch)} delivers. */
  public int batchSize() {
    return batchSize;
  }

  /** Number of batches in a whole pass (the last may be short). */
  public int batches() {
    return (order.length + batchSize - 1) / batchSize;
  }

  /** Number of images not delivered yet. */
  public int remaining() {
    return order.length - position;
  }

  /**
   * Fills {@code into} with the next images, up to the batch size.
   *
   * @return {@code false}, leaving {@code into} empty, when the pass is over
   * @throws IllegalArgumentException if {@code into} has another image shape or less capacity
   *     than the batch size
   * @throws DatasetException if the split cannot be read
   */
  public boolean next(Batch into) {
    if (!into.shape().equals(split.shape())) {
      throw new IllegalArgumentException(
          "batch holds images of " + into.shape() + " but the split has " + split.shape());
    }
    if (into.capacity() < batchSize) {
      throw new IllegalArgumentException(
          "batch capacity " + into.capacity() + " is below the batch size " + batchSize);
    }
    int count = Math.min(batchSize, remaining());
    into.resize(count);
    float[] images = into.images();
    int[] labels = into.labels();
    int[] indices = into.indices();
    for (int i = 0; i < count; i++) {
      int index = order[position + i];
      split.copyImage(index, images, into.offset(i));
      labels[i] = split.label(index);
      indices[i] = index;
    }
    position += count;
    return count > 0;
  }

  /** Starts the same pass again, in the same order. */
  public void rewind() {
    position = 0;
  }
}
