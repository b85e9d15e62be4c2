package org.ecoc4j.backends.ort;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.data.Split;
import org.ecoc4j.backends.onnx.autodiff.Differentiator;
import org.ecoc4j.backends.onnx.training.TrainingArtifacts;
import org.ecoc4j.backends.onnx.zoo.ImportedModel;
import org.ecoc4j.backends.onnx.zoo.OnnxImport;
import org.ecoc4j.backends.onnx.zoo.ParameterSpec;
import org.junit.jupiter.api.Test;

/**
 * Models written as torch.onnx.export and tf2onnx write them ({@link ExporterModels}) import,
 * compute what plain ONNX Runtime computes from the file, train, and differentiate correctly.
 */
class ExporterImportTest {

  private static float[] images(Split data, int count) {
    int size = data.shape().size();
    float[] images = new float[count * size];
    for (int i = 0; i < count; i++) {
      data.copyImage(i, images, i * size);
    }
    return images;
  }

  /** [N, C, H, W] to [N, H, W, C]. */
  private static float[] channelsLast(float[] nchw, int n, ImageShape s) {
    float[] out = new float[nchw.length];
    int c = s.channels();
    int hw = s.height() * s.width();
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < c; k++) {
        for (int p = 0; p < hw; p++) {
          out[i * c * hw + p * c + k] = nchw[i * c * hw + k * hw + p];
        }
      }
    }
    return out;
  }

  /** What plain ONNX Runtime inference computes from the file. */
  private static float[] fileScores(byte[] file, float[] input, long... dims) {
    try (InferenceSession session = new InferenceSession(file, OrtSettings.cpu());
        NativeTensor x = NativeTensor.floats(input, dims)) {
      String in = session.inputNames().get(0);
      return session.run(Map.of(in, x), List.of(session.outputNames().get(0))).get(0).values();
    }
  }

  /** The imported model's scores before training, through the training session's eval model. */
  private static float[] importedScores(ImportedModel model, float[] images, int n) {
    ImageShape s = model.spec().input();
    TrainingArtifacts artifacts = TrainingArtifacts.build(
        model, LossSpec.crossEntropy(4), TrainingConfig.adamW(1, 16, 1));
    try (TrainingSession session =
            new TrainingSession(artifacts, artifacts.checkpoint(), OrtSettings.cpu());
        NativeTensor x = NativeTensor.floats(images, n, s.channels(), s.height(), s.width())) {
      return session.scores(x).values();
    }
  }

  @Test
  void torchCnnWithViewDepthwiseAveragePoolsAndRelu6MatchesTheFileAndTrains() {
    byte[] file = ExporterModels.torchCnn();
    ImportedModel model = OnnxImport.load(file, false);
    assertTrue(model.spec().input().equals(SyntheticImages.SHAPE), model.spec().toString());
    Split data = SyntheticImages.quadrants(320, 95);
    float[] x = images(data, 6);
    float[] expected = fileScores(file, x, 6, 1, 16, 16);
    assertArrayEquals(expected, importedScores(model, x, 6), 1e-4f);

    TrainingConfig config = TrainingConfig.adamW(6, 32, 8).withLearningRate(1e-2);
    Trainer trainer = new Trainer(OrtSettings.cpu(), null);
    LossSpec loss = LossSpec.crossEntropy(4);
    try (TrainedModel trained = trainer.train(model, loss, config, data, data)) {
      double first = trained.history().get(0).trainLoss();
      double last = trained.history().get(5).trainLoss();
      assertTrue(last < first, trained.history().toString());
      assertTrue(trained.history().get(5).testAccuracy() > 0.9, trained.history().toString());
    }
  }

  @Test
  void kerasCnnFromTf2onnxTakesChannelsFirstImagesMatchesTheFileAndTrains() {
    byte[] file = ExporterModels.kerasCnn();
    ImportedModel model = OnnxImport.load(file, false);
    assertTrue(model.spec().input().equals(SyntheticImages.RGB), model.spec().toString());
    Split data = SyntheticImages.colouredQuadrants(320, 96);
    float[] x = images(data, 5);
    float[] expected = fileScores(file, channelsLast(x, 5, SyntheticImages.RGB), 5, 16, 16, 3);
    assertArrayEquals(expected, importedScores(model, x, 5), 1e-4f);

    TrainingConfig config = TrainingConfig.adamW(3, 32, 9).withLearningRate(3e-3);
    Trainer trainer = new Trainer(OrtSettings.cpu(), null);
    LossSpec loss = LossSpec.crossEntropy(4);
    try (TrainedModel trained = trainer.train(model, loss, config, data, data)) {
      assertTrue(trained.history().get(2).testAccuracy() > 0.9, trained.history().toString());
    }
  }

  /**
   * The imported torch CNN end to end against finite differences, with respect to the images and
   * every parameter tensor at the file's values (8 sampled elements each), step 3e-4. ReLU6 has
   * kinks at 0 and 6 and a bias moves a whole channel across some of them: with step 1e-2 seven
   * sampled elements differed by up to 10 %, with 1e-3 two by 6 %, with 3e-4 none (the quotient
   * converges to the analytic value), with 1e-4 float32 rounding makes one differ. One mismatch
   * is tolerated.
   */
  @Test
  void importedTorchCnnGradientsMatchFiniteDifferences() {
    checkGradients(OnnxImport.load(ExporterModels.torchCnn(), false), 97);
  }

  @Test
  void importedKerasCnnGradientsMatchFiniteDifferences() {
    checkGradients(OnnxImport.load(ExporterModels.kerasCnn(), false), 98);
  }

  private static void checkGradients(ImportedModel model, long seed) {
    ImageShape s = model.spec().input();
    List<GradientChecker.Input> inputs = new ArrayList<>();
    inputs.add(GradientChecker.Input.floats("images", GradientChecker.uniform(3 * s.size(), seed),
        3, s.channels(), s.height(), s.width()));
    Map<String, float[]> values = model.initialValues(0);
    for (ParameterSpec p : model.parameters()) {
      inputs.add(GradientChecker.Input.floats(p.name(), values.get(p.name()), p.dims()));
    }
    new GradientChecker(Differentiator.standard(), 3e-4, 2e-3, 2e-2, 8, 1)
        .check(inputs, g -> model.forward(g, "images", false).output());
  }
}
