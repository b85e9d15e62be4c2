package org.ecoc4j.backends.ort;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ecoc4j.api.data.Split;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.backends.onnx.training.TrainingArtifacts;
import org.ecoc4j.backends.onnx.zoo.ModelZoo;
import org.junit.jupiter.api.Test;

class TrainingSessionTest {

  @Test
  void lossFallsOnRepeatedBatch() {
    ModelSpec spec = new ModelSpec("lenet", SyntheticImages.SHAPE, 4, 1);
    TrainingConfig config = TrainingConfig.adamW(1, 16, 7);
    TrainingArtifacts artifacts =
        TrainingArtifacts.build(ModelZoo.create(spec), LossSpec.crossEntropy(4), config);
    Split data = SyntheticImages.quadrants(16, 1);
    float[] images = new float[16 * 256];
    long[] labels = new long[16];
    for (int i = 0; i < 16; i++) {
      data.copyImage(i, images, i * 256);
      labels[i] = data.label(i);
    }
    try (TrainingSession session =
            new TrainingSession(artifacts, artifacts.checkpoint(), OrtSettings.cpu());
        NativeTensor x = NativeTensor.floats(images, 16, 1, 16, 16);
        NativeTensor y = NativeTensor.longs(labels, 16);
        DropoutNoise noise = session.dropoutNoise()) {
      session.setLearningRate(1e-3);
      try (NativeTensor few = NativeTensor.floats(new float[2 * 256], 2, 1, 16, 16)) {
        assertArrayEquals(new long[] {2, 4}, session.scores(few).dims());
      }
      float first = 0;
      float last = 0;
      for (int step = 0; step < 30; step++) {
        float loss = session.trainStep(x, y, noise).loss();
        session.optimizerStep();
        session.lazyResetGrad();
        if (step == 0) {
          first = loss;
        }
        last = loss;
      }
      assertTrue(last < first * 0.5, "loss " + first + " -> " + last);
    }
  }
}
