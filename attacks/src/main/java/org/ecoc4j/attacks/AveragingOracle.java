package org.ecoc4j.attacks;

import java.util.SplittableRandom;
import org.ecoc4j.api.backend.GradientOracle;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.random.Seeds;

/**
 * Expectation over transformation: a {@link GradientOracle} whose losses and gradients are the
 * means over {@code draws} calls of another oracle, each at the images plus independent Gaussian
 * noise of standard deviation {@code noise} (no noise: the draws differ only where the wrapped
 * oracle is itself randomized). Loss-only calls are forwarded as loss-only calls. It does not own
 * the wrapped oracle: closing it leaves that one open.
 */
final class AveragingOracle implements GradientOracle {

  private final GradientOracle inner;
  private final int draws;
  private final double noise;
  private final SplittableRandom random;
  private boolean closed;

  AveragingOracle(GradientOracle inner, int draws, double noise, long seed) {
    if (draws < 1) {
      throw new IllegalArgumentException("draws must be at least 1, got " + draws);
    }
    if (!(noise >= 0) || !Double.isFinite(noise)) {
      throw new IllegalArgumentException("noise must be finite and >= 0, got " + noise);
    }
    this.inner = inner;
    this.draws = draws;
    this.noise = noise;
    this.random = new SplittableRandom(Seeds.mix(seed));
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

  /** The point of one draw: the images themselves without noise, else noised into {@code into}. */
  private float[] draw(float[] images, float[] into) {
    if (noise == 0) {
      return images;
    }
    for (int i = 0; i < images.length; i++) {
      into[i] = (float) (images[i] + noise * Ball.gaussian(random));
    }
    return into;
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
