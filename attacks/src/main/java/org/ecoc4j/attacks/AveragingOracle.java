package org.ecoc4j.attacks;

import java.util.SplittableRandom;
import org.ecoc4j.api.backend.GradientOracle;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.random.Seeds;

/**
 * Expectation over transformation: a {@link GradientOracle} whose losses and gradients are the
 * means over {@code draws} calls of another oracle, each at the images plus independent Gaussian
 * noise of standard deviation {@code noise}, clipped to the pixel range (no noise: the draws differ
 * only where the wrapped oracle is itself randomized). Each sample's noise comes from its own
 * stream, derived from the seed and its position in the batch, so a sample's losses and gradients
 * do not depend on which other samples share its batch. Loss-only calls are forwarded as loss-only
 * calls. It does not own the wrapped oracle: closing it leaves that one open.
 */
final class AveragingOracle implements GradientOracle {

  private final GradientOracle inner;
  private final int draws;
  private final double noise;
  private final long seed;
  private final float lower;
  private final float upper;
  private SplittableRandom[] random = new SplittableRandom[0];
  private boolean closed;

  /**
   * Wraps {@code inner}.
   *
   * @param lower smallest valid pixel value, where noisy points are clipped
   * @param upper largest valid pixel value
   */
  AveragingOracle(
      GradientOracle inner, int draws, double noise, long seed, float lower, float upper) {
    if (draws < 1) {
      throw new IllegalArgumentException("draws must be at least 1, got " + draws);
    }
    if (!(noise >= 0) || !Double.isFinite(noise)) {
      throw new IllegalArgumentException("noise must be finite and >= 0, got " + noise);
    }
    this.inner = inner;
    this.draws = draws;
    this.noise = noise;
    this.seed = Seeds.mix(seed);
    this.lower = lower;
    this.upper = upper;
  }

  @Override
  public ImageShape inputShape() {
    return inner.inputShape();
  }

  @Override
  public int maxBatch() {
    return inner.maxBatch();
  }

  @Override
  public void lossAndGradient(float[] images, int[] labels, float[] lossesOut, float[] gradientOut) {
    checkOpen();
    int batch = labels.length;
    float[] point = new float[images.length];
    float[] losses = new float[batch];
    float[] gradient = new float[images.length];
    double[] lossSum = new double[batch];
    double[] gradientSum = new double[images.length];
    for (int d = 0; d < draws; d++) {
      inner.lossAndGradient(draw(images, point), labels, losses, gradient);
      for (int b = 0; b < batch; b++) {
        lossSum[b] += losses[b];
      }
      for (int i = 0; i < images.length; i++) {
        gradientSum[i] += gradient[i];
      }
    }
    for (int b = 0; b < batch; b++) {
      lossesOut[b] = (float) (lossSum[b] / draws);
    }
    for (int i = 0; i < images.length; i++) {
      gradientOut[i] = (float) (gradientSum[i] / draws);
    }
  }

  /** The mean of {@code draws} loss-only calls of the wrapped oracle, noised as above. */
  @Override
  public void losses(float[] images, int[] labels, float[] lossesOut) {
    checkOpen();
    int batch = labels.length;
    float[] point = new float[images.length];
    float[] losses = new float[batch];
    double[] lossSum = new double[batch];
    for (int d = 0; d < draws; d++) {
      inner.losses(draw(images, point), labels, losses);
      for (int b = 0; b < batch; b++) {
        lossSum[b] += losses[b];
      }
    }
    for (int b = 0; b < batch; b++) {
      lossesOut[b] = (float) (lossSum[b] / draws);
    }
  }

  /**
   * The point of one draw: the images themselves without noise, else noised into {@code into},
   * sample {@code b} from its own stream, and clipped to the pixel range.
   */
  private float[] draw(float[] images, float[] into) {
    if (noise == 0) {
      return images;
    }
    int batch = streams(images.length / inner.inputShape().size());
    int size = images.length / batch;
    for (int b = 0; b < batch; b++) {
      for (int i = b * size; i < (b + 1) * size; i++) {
        double noisy = images[i] + noise * Ball.gaussian(random[b]);
        into[i] = (float) Math.min(upper, Math.max(lower, noisy));
      }
    }
    return into;
  }

  /** Makes sure there is a stream for each of {@code batch} samples; returns {@code batch}. */
  private int streams(int batch) {
    if (random.length < batch) {
      SplittableRandom[] grown = SampleRandom.streams(seed, batch);
      System.arraycopy(random, 0, grown, 0, random.length);
      random = grown;
    }
    return batch;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("averaging oracle is closed");
    }
  }

  @Override
  public void close() {
    closed = true;
  }
}
