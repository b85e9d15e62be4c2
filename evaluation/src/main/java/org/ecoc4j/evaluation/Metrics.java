package org.ecoc4j.evaluation;

/**
 * What a classifier achieved on one kind of input.
 *
 * @param samples number of samples
 * @param accuracy fraction decided right (rejections count as not right): the clean accuracy, or
 *     the robust accuracy under an attack
 * @param successRate of the samples the clean input decided right, the fraction the attack turned
 *     into a wrong accepted class (untargeted, and a targeted {@code top-K} sweep: any of its K
 *     runs) or into the target class (targeted at one target); a rejection is not a success; NaN
 *     for clean inputs or when no sample was right
 * @param rejectionRate fraction the decoder rejected
 * @param reliability accuracy on the accepted samples; NaN when every sample was rejected
 */
public record Metrics(
    long samples, double accuracy, double successRate, double rejectionRate, double reliability) {}
