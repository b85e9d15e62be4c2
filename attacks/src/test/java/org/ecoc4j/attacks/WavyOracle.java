package org.ecoc4j.attacks;

import org.ecoc4j.api.backend.GradientOracle;
import org.ecoc4j.api.data.ImageShape;

/**
 * A non-linear, non-convex pure Java objective, {@code sum_i a_i sin(f_i x_i + y)}, with its exact
 * gradient; optionally poisons every {@code poison}-th gradient entry with NaN.
 */
final class WavyOracle implements GradientOracle {

  private final ImageShape shape;
  private final float[] amplitude;
  private final float[] frequency;
  private final int poison;

  WavyOracle(ImageShape shape, float[] amplitude, float[] frequency, int poison) {
    this.shape = shape;
    this.amplitude = amplitude;
    this.frequency = frequency;
    this.poison = poison;
  }

  @Override
  public ImageShape inputShape() {
    return shape;
  }

  @Override
  public int maxBatch() {
    return 64;
  }

  @Override
  public void lossAndGradient(float[] images, int[] labels, float[] lossesOut, float[] gradientOut) {
    int size = shape.size();
    for (int b = 0; b < labels.length; b++) {
      double loss = 0;
      for (int i = 0; i < size; i++) {
        double arg = frequency[i] * images[b * size + i] + labels[b];
        loss += amplitude[i] * Math.sin(arg);
        float g = (float) (amplitude[i] * frequency[i] * Math.cos(arg));
        gradientOut[b * size + i] = poison > 0 && i % poison == 0 ? Float.NaN : g;
      }
      lossesOut[b] = (float) loss;
    }
  }

  @Override
  public void close() {}
}
