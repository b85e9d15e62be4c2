package org.ecoc4j.backends.ort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.ecoc4j.api.backend.EpochSummary;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.data.Split;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A short training run (two epochs of four steps) of each zoo architecture, with two members for
 * cnn1 and resnet32: the loss is finite and falls from the first epoch to the second, and the
 * trained model scores images, and its exported inference model (run by a plain session) gives
 * the same scores. CNN1 and CNN2 (which need images of at least 23x23) train on 64
 * bundled Fashion-MNIST images;
 * the residual and dense networks on the 16x16 coloured quadrant problem.
 */
class ZooTrainingTest {

  @ParameterizedTest
  @ValueSource(strings = {"cnn1", "cnn2", "resnet32", "wrn-16-4", "densenet-bc"})
  void trainsTwoShortEpochsAndExports(String architecture, @TempDir Path dir) throws Exception {
    boolean cnn = architecture.startsWith("cnn");
    Split data = cnn ? FashionSamples.first(64) : SyntheticImages.colouredQuadrants(64, 31);
    int members = architecture.equals("cnn1") || architecture.equals("resnet32") ? 2 : 1;
    ModelSpec spec = new ModelSpec(architecture, data.shape(), data.classes(), members);
    TrainingConfig config = TrainingConfig.adamW(2, 16, 17);
    try (TrainedModel model =
        new Trainer(OrtSettings.cpu(), null)
            .train(spec, LossSpec.crossEntropy(data.classes()), config, data, null)) {
      List<EpochSummary> history = model.history();
      assertEquals(2, history.size());
      assertTrue(Double.isFinite(history.get(1).trainLoss()), history.toString());
      assertTrue(history.get(1).trainLoss() < history.get(0).trainLoss(), history.toString());
      float[] images = new float[2 * data.shape().size()];
      data.copyImage(0, images, 0);
      data.copyImage(1, images, data.shape().size());
      float[] scores = model.scores(images, 2);
      assertEquals(2 * members * data.classes(), scores.length);
      for (float s : scores) {
        assertTrue(Float.isFinite(s));
      }
      Path file = dir.resolve(architecture + ".onnx");
      model.exportInference(file);
      ImageShape shape = data.shape();
      try (InferenceSession session =
              new InferenceSession(Files.readAllBytes(file), OrtSettings.cpu());
          NativeTensor x =
              NativeTensor.floats(images, 2, shape.channels(), shape.height(), shape.width())) {
        float[] exported = session.run(Map.of("images", x), List.of("scores")).get(0).values();
        for (int i = 0; i < scores.length; i++) {
          assertEquals(scores[i], exported[i], 1e-4, "exported score " + i);
        }
      }
    }
  }
}
