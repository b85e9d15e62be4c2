package org.ecoc4j.evaluation;

import java.nio.file.Path;
import java.util.List;
import org.ecoc4j.api.attack.Objective;
import org.ecoc4j.api.backend.EpochSummary;
import org.ecoc4j.api.backend.GradientOracle;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.backend.TrainedNetwork;

/**
 * A test double of a trained network: two class scores {@code s_c = w_c . x}. Its oracles answer
 * every objective with the margin {@code s_other - s_label} and its exact gradient (or a zero
 * gradient, to imitate a masked model, when {@code masked}).
 */
final class LinearNetwork implements TrainedNetwork {

  static final ImageShape SHAPE = new ImageShape(1, 2, 2);
  static final float[][] W = {{1f, -1f, 0.5f, 0f}, {-1f, 1f, 0f, 0.5f}};

  private final boolean masked;
  private int oracleBatch;

  LinearNetwork(boolean masked) {
    this.masked = masked;
  }

  /** The margin of the label over the other class for one image. */
  static double margin(float[] images, int offset, int label) {
    double m = 0;
    for (int i = 0; i < SHAPE.size(); i++) {
      m += (W[label][i] - W[1 - label][i]) * images[offset + i];
    }
    return m;
  }

  /** {@code ||w_0 - w_1||_1}: how much one L-infinity step of size 1 lowers the margin. */
  static double marginSlope() {
    double s = 0;
    for (int i = 0; i < SHAPE.size(); i++) {
      s += Math.abs(W[0][i] - W[1][i]);
    }
    return s;
  }

  @Override
  public ModelSpec spec() {
    return new ModelSpec("linear", SHAPE, 2, 1);
  }

  @Override
  public List<EpochSummary> history() {
    return List.of();
  }

  @Override
  public float[] scores(float[] images, int count) {
    float[] scores = new float[count * 2];
    for (int b = 0; b < count; b++) {
      for (int c = 0; c < 2; c++) {
        double s = 0;
        for (int i = 0; i < SHAPE.size(); i++) {
          s += W[c][i] * images[b * SHAPE.size() + i];
        }
        scores[b * 2 + c] = (float) s;
      }
    }
    return scores;
  }

  /** The largest batch of the last oracle asked for, 0 before any. */
  int oracleBatch() {
    return oracleBatch;
  }

  @Override
  public GradientOracle gradientOracle(int maxBatch) {
    oracleBatch = maxBatch;
    return new MarginOracle(maxBatch);
  }

  @Override
  public GradientOracle gradientOracle(int maxBatch, Objective objective) {
    oracleBatch = maxBatch;
    return new MarginOracle(maxBatch);
  }

  @Override
  public void exportInference(Path file) {
    throw new UnsupportedOperationException("the test double has no ONNX model");
  }

  @Override
  public void saveCheckpoint(Path file) {
    throw new UnsupportedOperationException("the test double has no checkpoint");
  }

  @Override
  public void close() {}

  private final class MarginOracle implements GradientOracle {
    private final int maxBatch;

    MarginOracle(int maxBatch) {
      this.maxBatch = maxBatch;
    }

    @Override
    public ImageShape inputShape() {
      return SHAPE;
    }

    @Override
    public int maxBatch() {
      return maxBatch;
    }

    @Override
    public void lossAndGradient(
        float[] images, int[] labels, float[] lossesOut, float[] gradientOut) {
      int size = SHAPE.size();
      for (int b = 0; b < labels.length; b++) {
        lossesOut[b] = (float) -margin(images, b * size, labels[b]);
        for (int i = 0; i < size; i++) {
          gradientOut[b * size + i] =
              masked ? 0f : W[1 - labels[b]][i] - W[labels[b]][i];
        }
      }
    }

    @Override
    public void close() {}
  }
}
