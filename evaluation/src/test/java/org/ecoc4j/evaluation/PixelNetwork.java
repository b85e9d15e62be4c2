package org.ecoc4j.evaluation;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.ecoc4j.api.attack.Objective;
import org.ecoc4j.api.backend.EpochSummary;
import org.ecoc4j.api.backend.GradientOracle;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.backend.TrainedNetwork;
import org.ecoc4j.api.data.ImageShape;

/** A network whose outputs are its pixels; its oracle's loss is the margin on them. */
final class PixelNetwork implements TrainedNetwork {

  /** Classes, one pixel each. */
  static final int CLASSES = 5;
  /** One row of {@link #CLASSES} pixels. */
  static final ImageShape SHAPE = new ImageShape(1, 1, CLASSES);

  @Override
  public ModelSpec spec() {
    return new ModelSpec("pixels", SHAPE, CLASSES, 1);
  }

  @Override
  public List<EpochSummary> history() {
    return List.of();
  }

  @Override
  public float[] scores(float[] images, int count) {
    return Arrays.copyOf(images, count * CLASSES);
  }

  @Override
  public GradientOracle gradientOracle(int maxBatch) {
    return gradientOracle(maxBatch, new PixelMargin());
  }

  @Override
  public GradientOracle gradientOracle(int maxBatch, Objective objective) {
    return new GradientOracle() {
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
        for (int b = 0; b < labels.length; b++) {
          int best = labels[b] == 0 ? 1 : 0;
          for (int c = 0; c < CLASSES; c++) {
            if (c != labels[b] && images[b * CLASSES + c] > images[b * CLASSES + best]) {
              best = c;
            }
          }
          lossesOut[b] = images[b * CLASSES + best] - images[b * CLASSES + labels[b]];
          Arrays.fill(gradientOut, b * CLASSES, (b + 1) * CLASSES, 0f);
          gradientOut[b * CLASSES + best] = 1f;
          gradientOut[b * CLASSES + labels[b]] = -1f;
        }
      }

      @Override
      public void close() {}
    };
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
}
