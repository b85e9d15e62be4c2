package org.ecoc4j.api.data;

import java.util.Arrays;

/**
 * Per-channel mean and standard deviation of a split's pixel values.
 *
 * <p>The papers keep images in [0, 1] (attacks clip to it), so normalization by these statistics
 * belongs inside the model, as its first layer, and never in the data.
 *
 * @param mean mean of each channel
 * @param std population standard deviation of each channel
 */
public record ChannelStatistics(double[] mean, double[] std) {

  /** Validates equal lengths and copies the arrays. */
  public ChannelStatistics {
    if (mean.length != std.length || mean.length == 0) {
      throw new IllegalArgumentException(
          "need one mean and one std per channel, got " + mean.length + " and " + std.length);
    }
    mean = mean.clone();
    std = std.clone();
  }

  /**
   * Computes the statistics of every image of {@code split}, reading it batch by batch.
   *
   * @throws IllegalArgumentException if the split is empty
   */
  public static ChannelStatistics of(Split split) {
    if (split.size() == 0) {
      throw new IllegalArgumentException("split " + split.name() + " has no images");
    }
    ImageShape shape = split.shape();
    int channels = shape.channels();
    int plane = shape.plane();
    double[] sum = new double[channels];
    double[] sumSquares = new double[channels];
    BatchCursor cursor = split.inOrder(256);
    Batch batch = cursor.newBatch();
    float[] images = batch.images();
    while (cursor.next(batch)) {
      for (int i = 0; i < batch.size(); i++) {
        for (int c = 0; c < channels; c++) {
          int start = batch.offset(i) + c * plane;
          for (int p = start; p < start + plane; p++) {
            double v = images[p];
            sum[c] += v;
            sumSquares[c] += v * v;
          }
        }
      }
    }
    double count = (double) split.size() * plane;
    double[] mean = new double[channels];
    double[] std = new double[channels];
    for (int c = 0; c < channels; c++) {
      mean[c] = sum[c] / count;
      std[c] = Math.sqrt(Math.max(0, sumSquares[c] / count - mean[c] * mean[c]));
    }
    return new ChannelStatistics(mean, std);
  }

  /** A copy of the means. */
  @Override
  public double[] mean() {
    return mean.clone();
  }

  /** A copy of the standard deviations. */
  @Override
  public double[] std() {
    return std.clone();
  }

  /** Equal when both arrays are equal element by element. */
  @Override
  public boolean equals(Object other) {
    return other instanceof ChannelStatistics
        && Arrays.equals(mean, ((ChannelStatistics) other).mean)
        && Arrays.equals(std, ((ChannelStatistics) other).std);
  }

  /** Hash of both arrays' contents. */
  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
  }

  /** The statistics as {@code mean=[...] std=[...]}. */
  @Override
  public String toString() {
    return "mean=" + Arrays.toString(mean) + " std=" + Arrays.toString(std);
  }
}
