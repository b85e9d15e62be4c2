package org.ecoc4j.backends.ort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.backend.TrainedNetwork;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.data.Split;
import org.ecoc4j.backends.onnx.autodiff.Differentiator;
import org.ecoc4j.backends.onnx.training.TrainingArtifacts;
import org.ecoc4j.backends.onnx.zoo.ImportedModel;
import org.ecoc4j.backends.onnx.zoo.OnnxImport;
import org.ecoc4j.backends.onnx.zoo.ParameterSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The real-export fixtures ({@code src/test/python/make_fixtures.py}: a small custom CNN,
 * torchvision's own {@code mobilenet_v3_small} (width 0.25) and {@code shufflenet_v2_x0_5}, and
 * networks of torchvision's MobileNetV3, SqueezeNet, ShuffleNetV2 and ResNet blocks, exported by
 * torch.onnx's TorchScript exporter at opsets 13 to 17, and the opset-18 external-data forms of
 * the torch.export-based exporter) import from their files, compute before training what PyTorch
 * computed on the same images (saved by the script) and what ONNX Runtime computes from the
 * original file, and train one epoch; graphs exported at batch size 1 are re-batched with a
 * notice.
 */
class ExportFixturesTest {

  private static final ImageShape SHAPE = new ImageShape(3, 32, 32);
  private static final int CLASSES = 4;
  private static final int COMPARED = 5;
  /** Images in {@code reference_images.bin}, scored by PyTorch into each {@code NAME.torch.bin}. */
  private static final int REFERENCE = 3;

  /** Copies a fixture (and its external data, if any) from the test resources into {@code dir}. */
  private static Path fixture(Path dir, String name) {
    Path file = dir.resolve(name + ".onnx");
    copy("exports/" + name + ".onnx", file);
    try (InputStream data = ExportFixturesTest.class.getResourceAsStream(
        "exports/" + name + ".onnx.data")) {
      if (data != null) {
        Files.copy(data, dir.resolve(name + ".onnx.data"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  private static void copy(String resource, Path to) {
    try (InputStream in = ExportFixturesTest.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + resource);
      }
      Files.copy(in, to);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Split randomImages(int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] images = new float[count * SHAPE.size()];
    int[] labels = new int[count];
    for (int i = 0; i < images.length; i++) {
      images[i] = (float) random.nextDouble(-1, 1);
    }
    for (int i = 0; i < count; i++) {
      labels[i] = random.nextInt(CLASSES);
    }
    return Split.inMemory("random", SHAPE, CLASSES, images, labels);
  }

  /** Reads {@code count} little-endian float32 values from a test resource. */
  private static float[] floats(String resource, int count) {
    try (InputStream in = ExportFixturesTest.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + resource);
      }
      byte[] bytes = in.readAllBytes();
      assertEquals(4L * count, bytes.length, resource + " size");
      float[] values = new float[count];
      ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
      return values;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void assertScores(float[] expected, float[] actual, String what) {
    assertEquals(expected.length, actual.length, what);
    for (int i = 0; i < expected.length; i++) {
      double tolerance = 1e-4 * Math.max(1, Math.abs(expected[i]));
      assertEquals(expected[i], actual[i], tolerance, what + " score " + i);
    }
  }

  /** ONNX Runtime on the original file, one image at a time when the file fixes batch 1. */
  private static float[] fileScores(Path file, float[] images, int n, boolean batchOne) {
    int size = SHAPE.size();
    float[] out = new float[n * CLASSES];
    try (InferenceSession session = InferenceSession.ofFile(file, OrtSettings.cpu())) {
      String in = session.inputNames().get(0);
      List<String> outs = List.of(session.outputNames().get(0));
      int step = batchOne ? 1 : n;
      for (int i = 0; i < n; i += step) {
        float[] part = Arrays.copyOfRange(images, i * size, (i + step) * size);
        try (NativeTensor x = NativeTensor.floats(part, step, 3, 32, 32)) {
          float[] scores = session.run(Map.of(in, x), outs).get(0).values();
          System.arraycopy(scores, 0, out, i * CLASSES, scores.length);
        }
      }
    }
    return out;
  }

  /** The imported model's scores before training, a whole batch through the eval model. */
  private static float[] importedScores(ImportedModel model, float[] images, int n) {
    TrainingArtifacts artifacts = TrainingArtifacts.build(
        model, LossSpec.crossEntropy(CLASSES), TrainingConfig.adamW(1, 16, 1));
    try (TrainingSession session =
            new TrainingSession(artifacts, artifacts.checkpoint(), OrtSettings.cpu());
        NativeTensor x = NativeTensor.floats(images, n, 3, 32, 32)) {
      return session.scores(x).values();
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "ts_small_cnn_opset13, false",
    "ts_indexing_opset13, false",
    "ts_small_cnn_opset17_b1, true",
    "ts_tv_mobilenet_v3_small_opset17, false",
    "dynamo_small_cnn_opset18, true",
    "dynamo_tv_mobilenet_v3_small_opset18, true",
    "dynamo_tv_shufflenet_v2_x0_5_opset18, true",
    "ts_mobilenet_v3_opset13, false",
    "ts_mobilenet_v3_opset17, false",
    "ts_squeezenet_opset13, false",
    "ts_shufflenet_v2_opset17, false",
    "ts_shufflenet_v2_opset15_b1, true",
    "ts_resnet_opset15, false",
    "ts_resnet_bn_opset17, false",
    "dynamo_mobilenet_v3_opset18, true",
    "dynamo_shufflenet_v2_opset18, true",
    "dynamo_resnet_opset18, true",
  })
  void importsMatchesPyTorchAndOnnxRuntimeOnTheFileAndTrainsOneEpoch(
      String name, boolean exportedAtBatchOne, @TempDir Path dir) {
    Path file = fixture(dir, name);
    ImportedModel model = OnnxImport.load(file, false);
    assertEquals(SHAPE, model.spec().input());
    assertEquals(CLASSES, model.spec().outputWidth());
    assertEquals(exportedAtBatchOne, !model.notices().isEmpty(), model.notices().toString());
    model.notices().forEach(n -> assertTrue(n.contains("re-batched"), n));

    float[] reference = floats("exports/reference_images.bin", REFERENCE * SHAPE.size());
    assertScores(floats("exports/" + name + ".torch.bin", REFERENCE * CLASSES),
        importedScores(model, reference, REFERENCE), name + " against PyTorch");

    Split data = randomImages(64, name.hashCode());
    float[] images = new float[COMPARED * SHAPE.size()];
    for (int i = 0; i < COMPARED; i++) {
      data.copyImage(i, images, i * SHAPE.size());
    }
    float[] expected = fileScores(file, images, COMPARED, exportedAtBatchOne);
    float[] actual = importedScores(model, images, COMPARED);
    assertScores(expected, actual, name + " against ONNX Runtime on the file");

    TrainingConfig config = TrainingConfig.adamW(1, 16, 3).withLearningRate(1e-3);
    try (TrainedModel trained = new Trainer(OrtSettings.cpu(), null)
        .train(model, LossSpec.crossEntropy(CLASSES), config, data, null)) {
      assertEquals(1, trained.history().size());
      double loss = trained.history().get(0).trainLoss();
      assertTrue(Double.isFinite(loss) && loss > 0, trained.history().toString());
      Map<String, float[]> initial = model.initialValues(0);
      long changed = model.parameters().stream()
          .filter(ParameterSpec::trainable)
          .filter(p -> !Arrays.equals(initial.get(p.name()),
              trained.parameters().parameter(p.name()).values()))
          .count();
      long trainable = model.parameters().stream().filter(ParameterSpec::trainable).count();
      assertEquals(trainable, changed, "every trainable tensor moves in one epoch");
      float[] after = trained.scores(images, COMPARED);
      assertFalse(Arrays.equals(actual, after), "training changed the scores");
    }
  }

  /**
   * The backend, given a file exported at batch size 1 ({@code model-file}), says on standard
   * error that it re-batched the graph, naming the file, once however often the file is built;
   * a file with a dynamic batch gets no notice.
   */
  @Test
  void theBackendPrintsTheRebatchingNoticeOncePerFile(@TempDir Path dir) {
    Path batchOne = fixture(dir, "ts_small_cnn_opset17_b1");
    Path dynamic = fixture(dir, "ts_small_cnn_opset13");
    Split data = randomImages(16, 5);
    PrintStream standardError = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      for (Path file : List.of(batchOne, batchOne, dynamic)) {
        try (TrainedNetwork trained = new OrtBackend().train(
            new ModelSpec(file.getFileName().toString(), SHAPE, CLASSES, 1),
            LossSpec.crossEntropy(CLASSES), TrainingConfig.adamW(1, 8, 1), data, null,
            Map.of("progress", "false", "threads", "1", OrtBackend.MODEL_FILE,
                file.toString()))) {
          assertEquals(1, trained.history().size());
        }
      }
    } finally {
      System.setErr(standardError);
    }
    List<String> notices = captured.toString(StandardCharsets.UTF_8).lines()
        .filter(l -> l.startsWith("notice: model file ")).toList();
    assertFalse(notices.isEmpty(), captured.toString(StandardCharsets.UTF_8));
    for (String notice : notices) {
      assertTrue(notice.startsWith("notice: model file " + batchOne + ": "), notice);
      assertTrue(notice.contains("re-batched"), notice);
    }
    assertEquals(OnnxImport.load(batchOne, false).notices().size(), notices.size(),
        "each notice printed once: " + notices);
  }

  /**
   * The imported graphs' gradients (HardSwish as x * HardSigmoid, squeeze-excitation, ceil-mode
   * max pooling, TorchScript's chunk as Slices, opset 18's Split, re-batched Reshapes, inference
   * BatchNormalization in a residual network and in a CNN, torchvision's whole
   * mobilenet_v3_small) against
   * finite differences with respect to the images and every parameter tensor at the file's
   * values (4 sampled elements each), step 3e-4 (as for the hand-written exports: ReLU kinks
   * make larger steps cross them); one mismatch tolerated.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "ts_mobilenet_v3_opset17", "ts_squeezenet_opset13", "ts_shufflenet_v2_opset17",
    "dynamo_shufflenet_v2_opset18", "dynamo_mobilenet_v3_opset18", "ts_resnet_bn_opset17",
    "dynamo_resnet_opset18", "ts_small_cnn_opset17_b1", "dynamo_small_cnn_opset18",
    "ts_tv_mobilenet_v3_small_opset17"
  })
  void importedGradientsMatchFiniteDifferences(String name, @TempDir Path dir) {
    ImportedModel model = OnnxImport.load(fixture(dir, name), false);
    List<GradientChecker.Input> inputs = new ArrayList<>();
    inputs.add(GradientChecker.Input.floats("images",
        GradientChecker.uniform(2 * SHAPE.size(), name.hashCode()), 2, 3, 32, 32));
    Map<String, float[]> values = model.initialValues(0);
    for (ParameterSpec p : model.parameters()) {
      inputs.add(p.trainable()
          ? GradientChecker.Input.floats(p.name(), values.get(p.name()), p.dims())
          : GradientChecker.Input.frozen(p.name(), values.get(p.name()), p.dims()));
    }
    new GradientChecker(Differentiator.standard(), 3e-4, 2e-3, 2e-2, 4, 1)
        .check(inputs, g -> model.forward(g, "images", false).output());
  }
}
