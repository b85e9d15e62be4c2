package org.ecoc4j.api.decoding;

/**
 * A reusable batch of decisions: per sample a class index or {@link #REJECTED}, a confidence and
 * the reason for a rejection.
 *
 * <p>Allocate once with the largest batch size and reuse: decoders fill it in place without
 * allocating per sample. Not thread-safe.
 */
public final class Decisions {

  /** The label of a rejected sample. */
  public static final int REJECTED = -1;

  private static final Rejection[] REASONS = Rejection.values();

  private final int[] labels;
  private final float[] confidences;
  private final byte[] reasons;
  private int size;

  private Decisions(int capacity) {
    labels = new int[capacity];
    confidences = new float[capacity];
    reasons = new byte[capacity];
  }

  /** Room for {@code capacity} samples; {@link #size()} starts at 0. */
  public static Decisions withCapacity(int capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("capacity must not be negative, got " + capacity);
    }
    return new Decisions(capacity);
  }

  /** How many samples fit. */
  public int capacity() {
    return labels.length;
  }

  /** How many samples the last decode filled. */
  public int size() {
    return size;
  }

  /**
   * Sets the number of valid samples; used by decoders before filling.
   *
   * @throws IllegalArgumentException if {@code newSize} exceeds the capacity
   */
  public void resize(int newSize) {
    if (newSize < 0 || newSize > labels.length) {
      throw new IllegalArgumentException(
          "batch of " + newSize + " samples does not fit decisions of capacity " + labels.length);
    }
    size = newSize;
  }

  /** Records that sample {@code i} is class {@code label} with {@code confidence}. */
  public void accept(int i, int label, float confidence) {
    check(i);
    if (label < 0) {
      throw new IllegalArgumentException("class index must not be negative, got " + label);
    }
    labels[i] = label;
    confidences[i] = confidence;
    reasons[i] = (byte) Rejection.NONE.ordinal();
  }

  /** Records that the decoder abstained on sample {@code i}, for {@code reason}. */
  public void reject(int i, Rejection reason, float confidence) {
    check(i);
    if (reason == Rejection.NONE) {
      throw new IllegalArgumentException("a rejection needs a reason other than NONE");
    }
    labels[i] = REJECTED;
    confidences[i] = confidence;
    reasons[i] = (byte) reason.ordinal();
  }

  /** Class of sample {@code i}, or {@link #REJECTED}. */
  public int label(int i) {
    check(i);
    return labels[i];
  }

  /** Whether the decoder abstained on sample {@code i}. */
  public boolean rejected(int i) {
    return label(i) == REJECTED;
  }

  /**
   * Confidence of sample {@code i} in [0, 1]: the decoder's posterior of the decided class (see
   * each decoder's documentation); for a rejection, that of the word it rejected.
   */
  public float confidence(int i) {
    check(i);
    return confidences[i];
  }

  /** Why sample {@code i} was rejected, or {@link Rejection#NONE}. */
  public Rejection rejection(int i) {
    check(i);
    return REASONS[reasons[i]];
  }

  /** Labels of the valid samples, {@link #REJECTED} for rejections (a copy). */
  public int[] labels() {
    return java.util.Arrays.copyOf(labels, size);
  }

  private void check(int i) {
    if (i < 0 || i >= size) {
      throw new IndexOutOfBoundsException("sample " + i + " outside batch of " + size);
    }
  }
}
