package org.ecoc4j.attacks;

import org.ecoc4j.api.backend.GradientOracle;
import org.ecoc4j.api.data.ImageShape;

/**
 * A pure Java oracle of a linear objective, {@code loss(x, y) = v_y . x}, whose gradient is the
 * constant row {@code v_y}: the optimal L-infinity step is {@code sign(v_y)}, the optimal L2 step
 * {@code v_y / ||v_y||}. Counts its calls.
 */
final class LinearOracle implements GradientOracle {

  private final ImageShape shape;
  private final float[][] rows;
  private final int maxBatch;
  int calls;

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
    calls++;
    int size = shape.size();
    for (int b = 0; b < labels.length; b++) {
      float[] v = rows[labels[b]];
      double loss = 0;
      for (int i = 0; i < size; i++) {
        loss += (double) v[i] * images[b * size + i];
        gradientOut[b * size + i] = v[i];
      }
      lossesOut[b] = (float) loss;
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
