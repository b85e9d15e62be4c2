package org.ecoc4j.attacks;

import org.ecoc4j.api.backend.GradientOracle;
import org.ecoc4j.api.data.ImageShape;

/**
 * A pure Java oracle of a linear objective, {@code loss(x, y) = v_y . x}, whose gradient is the
 * constant row {@code v_y}: the optimal L-infinity step is {@code sign(v_y)}, the optimal L2 step
 * {@code v_y / ||v_y||}. Counts its calls, and separately those that asked for the gradient.
 */
final class LinearOracle implements GradientOracle {

  private final ImageShape shape;
  private final float[][] rows;
  private final int maxBatch;
  int calls;
  int gradientCalls;

  LinearOracle(ImageShape shape, float[][] rows, int maxBatch) {
    this.shape = shape;
    this.rows = rows;
    this.maxBatch = maxBatch;
  }

  @Override
  public ImageShape inputShape() {
    return shape;
  }

  @Override
  public int maxBatch() {
    return maxBatch;
  }

  @Override
  public void lossAndGradient(float[] images, int[] labels, float[] lossesOut, float[] gradientOut) {
    gradientCalls++;
    losses(images, labels, lossesOut);
    int size = shape.size();
    for (int b = 0; b < labels.length; b++) {
      System.arraycopy(rows[labels[b]], 0, gradientOut, b * size, size);
    }
  }

  @Override
  public void losses(float[] images, int[] labels, float[] lossesOut) {
    calls++;
    for (int b = 0; b < labels.length; b++) {
      lossesOut[b] = (float) loss(images, b, labels[b]);
    }
  }

  /** The loss of one image at one label. */
  double loss(float[] images, int b, int label) {
    int size = shape.size();
    double loss = 0;
    for (int i = 0; i < size; i++) {
      loss += (double) rows[label][i] * images[b * size + i];
    }
    return loss;
  }

  @Override
  public void close() {}
}
