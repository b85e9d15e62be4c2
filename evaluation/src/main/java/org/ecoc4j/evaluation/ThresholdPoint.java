package org.ecoc4j.evaluation;

/**
 * The decisions at one rejection threshold.
 *
 * @param delta the threshold Delta: a decision whose confidence is below it is rejected
 * @param metrics accuracy, undetectable error, rejection and reliability at {@code delta} (no
 *     first-choice accuracy or success rate: NaN)
 */
public record ThresholdPoint(double delta, Metrics metrics) {}
