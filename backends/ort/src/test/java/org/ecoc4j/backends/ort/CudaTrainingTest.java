package org.ecoc4j.backends.ort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ecoc4j.api.backend.GradientOracle;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.data.Split;
import org.ecoc4j.backends.onnx.zoo.ModelZoo;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The CUDA path (build with {@code -Pcuda} on a machine with CUDA 13 and cuDNN 9): training steps
 * of lenet (max pooling through the portable scatter gradient) and resnet20v2 learn, and the
 * trained model's scores and input gradients on the GPU match the CPU's. Skipped where CUDA is
 * not available.
 */
@Tag("gpu")
@EnabledIf("cudaAvailable")
class CudaTrainingTest {

  private static final OrtSettings CUDA = new OrtSettings(OrtDevice.CUDA, 2);

  static boolean cudaAvailable() {
    return OrtDevice.CUDA.isAvailable();
  }

  @Test
  void lenetLearnsOnTheGpu() {
    Split train = SyntheticImages.quadrants(640, 11);
    Split test = SyntheticImages.quadrants(256, 12);
    ModelSpec spec = new ModelSpec("lenet", SyntheticImages.SHAPE, 4, 1);
    try (TrainedModel model =
        new Trainer(CUDA, null)
            .train(spec, LossSpec.crossEntropy(4),
                TrainingConfig.adamW(3, 32, 5).withLearningRate(2e-3), train, test)) {
      assertTrue(model.history().get(2).testAccuracy() > 0.9, model.history().toString());
    }
  }

  @Test
  void resnetScoresAndGradientsMatchTheCpu() {
    Split data = SyntheticImages.colouredQuadrants(64, 71);
    ModelSpec spec = new ModelSpec("resnet20v2", SyntheticImages.RGB, 4, 1);
    try (TrainedModel model =
            new Trainer(CUDA, null)
                .train(spec, LossSpec.crossEntropy(4), TrainingConfig.adamW(1, 16, 9), data, null);
        GradientOracle gpu = model.gradientOracle(4);
        GradientOracle cpu =
            new OrtGradientOracle(
                ModelZoo.create(spec),
                LossSpec.crossEntropy(4), model.parameters(), 4, OrtSettings.cpu())) {
      float[] images = new float[4 * SyntheticImages.RGB.size()];
      for (int i = 0; i < 4; i++) {
        data.copyImage(i, images, i * SyntheticImages.RGB.size());
      }
      int[] labels = {0, 1, 2, 3};
      float[] lossesGpu = new float[4];
      float[] lossesCpu = new float[4];
      float[] gradientGpu = new float[images.length];
      float[] gradientCpu = new float[images.length];
      gpu.lossAndGradient(images, labels, lossesGpu, gradientGpu);
      cpu.lossAndGradient(images, labels, lossesCpu, gradientCpu);
      for (int i = 0; i < 4; i++) {
        assertEquals(lossesCpu[i], lossesGpu[i], 1e-3, "loss " + i);
      }
      for (int i = 0; i < images.length; i++) {
        assertEquals(gradientCpu[i], gradientGpu[i], 1e-3, "gradient " + i);
      }
    }
  }
}
