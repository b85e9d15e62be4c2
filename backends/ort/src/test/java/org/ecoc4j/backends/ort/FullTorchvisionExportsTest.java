package org.ecoc4j.backends.ort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.data.Split;
import org.ecoc4j.backends.onnx.training.TrainingArtifacts;
import org.ecoc4j.backends.onnx.zoo.ImportedModel;
import org.ecoc4j.backends.onnx.zoo.OnnxImport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Full-size torchvision models (mobilenet_v3_small, squeezenet1_1, shufflenet_v2_x0_5, resnet18,
 * 10 classes, 3x224x224) as {@code make_fixtures.py --full DIR} exports them (1.4 to 45 MB each,
 * so not bundled): each imports, matches ONNX Runtime on the file for two random images and
 * trains one epoch of four. Runs only with {@code -Decoc4j.fullExports=DIR}; skipped otherwise.
 */
class FullTorchvisionExportsTest {

  private static final int CLASSES = 10;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
    "mobilenet_v3_small_dyn", "mobilenet_v3_small_b1", "mobilenet_v3_small_b1_ext",
    "squeezenet1_1_dyn", "squeezenet1_1_b1", "shufflenet_v2_x0_5_dyn", "shufflenet_v2_x0_5_b1",
    "shufflenet_v2_x0_5_b1_ext", "resnet18_dyn", "resnet18_b1"})
  void importsMatchesOnnxRuntimeAndTrains(String name) {
    String dir = System.getProperty("ecoc4j.fullExports");
    assumeTrue(dir != null, "set -Decoc4j.fullExports=DIR (make_fixtures.py --full DIR)");
    Path file = Path.of(dir, name + ".onnx");
    assertTrue(Files.isRegularFile(file), file + " is missing");
    ImportedModel model = OnnxImport.load(file, false);
    ImageShape shape = model.spec().input();
    assertEquals(new ImageShape(3, 224, 224), shape);
    assertEquals(name.startsWith("shufflenet") && name.contains("_b1"),
        !model.notices().isEmpty(), model.notices().toString());
    int size = shape.size();
    SplittableRandom random = new SplittableRandom(name.hashCode());
    float[] images = new float[2 * size];
    for (int i = 0; i < images.length; i++) {
      images[i] = (float) random.nextDouble(-1, 1);
    }
    float[] expected = new float[2 * CLASSES];
    try (InferenceSession session = InferenceSession.ofFile(file, OrtSettings.cpu())) {
      for (int i = 0; i < 2; i++) {
        float[] one = Arrays.copyOfRange(images, i * size, (i + 1) * size);
        try (NativeTensor x = NativeTensor.floats(one, 1, 3, 224, 224)) {
          float[] scores = session.run(Map.of(session.inputNames().get(0), x),
              List.of(session.outputNames().get(0))).get(0).values();
          System.arraycopy(scores, 0, expected, i * CLASSES, CLASSES);
        }
      }
    }
    TrainingArtifacts artifacts = TrainingArtifacts.build(
        model, LossSpec.crossEntropy(CLASSES), TrainingConfig.adamW(1, 2, 1));
    try (TrainingSession session =
            new TrainingSession(artifacts, artifacts.checkpoint(), OrtSettings.cpu());
        NativeTensor x = NativeTensor.floats(images, 2, 3, 224, 224)) {
      float[] actual = session.scores(x).values();
      for (int i = 0; i < expected.length; i++) {
        assertEquals(expected[i], actual[i], 1e-4 * Math.max(1, Math.abs(expected[i])), name);
      }
    }
    float[] four = new float[4 * size];
    for (int i = 0; i < four.length; i++) {
      four[i] = (float) random.nextDouble(-1, 1);
    }
    Split data = Split.inMemory("random", shape, CLASSES, four, new int[] {1, 2, 3, 4});
    try (TrainedModel trained = new Trainer(OrtSettings.cpu(), null).train(
        model, LossSpec.crossEntropy(CLASSES), TrainingConfig.adamW(1, 2, 1), data, null)) {
      assertTrue(Double.isFinite(trained.history().get(0).trainLoss()));
    }
  }
}
