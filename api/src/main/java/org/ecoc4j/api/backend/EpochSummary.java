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
 */
public record EpochSummary(
    int epoch, double trainLoss, double trainAccuracy, double testAccuracy, double imagesPerSecond) {}
