package org.ecoc4j.api.backend;

/**
 * What one training epoch achieved.
 *
 * @param epoch 1-based epoch number
 * @param trainLoss mean training loss over the epoch's batches
 * @param trainAccuracy fraction of training samples classified right while training
 * @param testAccuracy fraction of test samples classified right after the epoch, or NaN without
 *     test data
 * @param imagesPerSecond training throughput
 * @param validationAccuracy fraction of validation samples classified right after the epoch (what
 *     model selection compares), or NaN without a validation split
 */
public record EpochSummary(
    int epoch, double trainLoss, double trainAccuracy, double testAccuracy, double imagesPerSecond,
    double validationAccuracy) {

  /** An epoch without a validation split. */
  public EpochSummary(
      int epoch, double trainLoss, double trainAccuracy, double testAccuracy,
      double imagesPerSecond) {
    this(epoch, trainLoss, trainAccuracy, testAccuracy, imagesPerSecond, Double.NaN);
  }
}
