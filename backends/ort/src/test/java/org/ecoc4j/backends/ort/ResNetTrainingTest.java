package org.ecoc4j.backends.ort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.ecoc4j.api.data.Split;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.backends.onnx.training.Checkpoint;
import org.ecoc4j.backends.onnx.training.NamedTensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** resnet20v2 trains an epoch, updates its running statistics, and exports with them. */
class ResNetTrainingTest {

  @Test
  void oneEpochUpdatesStatisticsAndExportsThem(@TempDir Path dir) throws Exception {
    Split data = SyntheticImages.colouredQuadrants(256, 71);
    ModelSpec spec = new ModelSpec("resnet20v2", SyntheticImages.RGB, 4, 1);
    TrainingConfig config = TrainingConfig.adamW(1, 32, 9);
    try (TrainedModel model =
        new Trainer(OrtSettings.cpu(), null)
            .train(spec, LossSpec.crossEntropy(4), config, data, data)) {
      assertEquals(1, model.history().size());
      assertTrue(Double.isFinite(model.history().get(0).trainLoss()));
      assertTrue(model.history().get(0).testAccuracy() >= 0);

      Checkpoint parameters = model.parameters();
      assertEquals(38, parameters.frozen().size());
      NamedTensor mean = parameters.parameter("m0.stem.bn.running_mean");
      NamedTensor var = parameters.parameter("m0.stem.bn.running_var");
      boolean meanMoved = false;
      boolean varMoved = false;
      for (int c = 0; c < 16; c++) {
        meanMoved |= mean.values()[c] != 0f;
        varMoved |= var.values()[c] != 1f;
      }
      assertTrue(meanMoved && varMoved, "running statistics must follow the batches");

      Path file = dir.resolve("resnet.onnx");
      model.exportInference(file);
      float[] images = new float[3 * SyntheticImages.RGB.size()];
      for (int i = 0; i < 3; i++) {
        data.copyImage(i, images, i * SyntheticImages.RGB.size());
      }
      float[] expected = model.scores(images, 3);
      try (InferenceSession session =
              new InferenceSession(Files.readAllBytes(file), OrtSettings.cpu());
          NativeTensor x = NativeTensor.floats(images, 3, 3, 16, 16)) {
        float[] actual = session.run(Map.of("images", x), List.of("scores")).get(0).values();
        for (int i = 0; i < expected.length; i++) {
          assertEquals(expected[i], actual[i], 1e-4, "score " + i);
        }
      }
    }
  }
}
