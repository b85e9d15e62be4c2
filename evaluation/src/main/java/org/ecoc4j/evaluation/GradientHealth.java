package org.ecoc4j.evaluation;

/**
 * The objective's input gradients at the clean samples: how many were all zero and how many held
 * a NaN or an infinity, two signs of gradient masking.
 *
 * @param samples samples checked
 * @param zero samples whose gradient is zero everywhere
 * @param nonFinite samples whose gradient has a NaN or infinite entry
 */
public record GradientHealth(long samples, long zero, long nonFinite) {}
