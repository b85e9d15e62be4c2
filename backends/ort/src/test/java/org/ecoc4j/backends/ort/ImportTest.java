package org.ecoc4j.backends.ort;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.ecoc4j.api.backend.Backend;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.backend.TrainedNetwork;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.data.Split;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.backends.onnx.graph.Attributes;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;
import org.ecoc4j.backends.onnx.graph.TensorInfo;
import org.ecoc4j.backends.onnx.training.TrainingArtifacts;
import org.ecoc4j.backends.onnx.zoo.ImportedModel;
import org.ecoc4j.backends.onnx.zoo.OnnxImport;
import org.ecoc4j.backends.onnx.zoo.ParameterSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A forward model written like an exporter writes it is imported, matches, trains and freezes. */
class ImportTest {

  /** Conv (pads 1) - BatchNormalization - Relu - MaxPool - Reshape (Constant shape) - Gemm. */
  private static byte[] exportedModel(boolean withUnsupported) {
    GraphBuilder g = new GraphBuilder();
    g.input("input", TensorInfo.floats(TensorInfo.BATCH, 1, 16, 16));
    String w = g.constant("conv.weight", GradientChecker.uniform(4 * 9, 81), 4, 1, 3, 3);
    String b = g.constant("conv.bias", GradientChecker.uniform(4, 82), 4);
    String x = g.conv("input", w, b, 1, 1);
    float[] var = {0.5f, 1f, 2f, 1.5f};
    x = g.node("BatchNormalization", "",
            List.of(x, g.constant("bn.weight", new float[] {1f, 0.5f, 2f, 1f}, 4),
                g.constant("bn.bias", GradientChecker.uniform(4, 83), 4),
                g.constant("bn.running_mean", GradientChecker.uniform(4, 84), 4),
                g.constant("bn.running_var", var, 4)),
            List.of("bn"), List.of(g.info(x)), List.of(Attributes.of("epsilon", 1e-5f)))
        .get(0);
    x = g.maxPool(g.relu(x), 2, 2).output();
    if (withUnsupported) {
      x = g.node("Sin", "", List.of(x), List.of("sin"), List.of(g.info(x)), List.of()).get(0);
    }
    ByteBuffer shape = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-1).putLong(256);
    TensorProto value = TensorProto.newBuilder().setDataType(TensorProto.DataType.INT64_VALUE)
        .addDims(2).setRawData(ByteString.copyFrom(shape.array())).build();
    String shapeName = g.node("Constant", "", List.of(), List.of("shape"), List.of(TensorInfo.longs(2)),
        List.of(AttributeProto.newBuilder().setName("value")
            .setType(AttributeProto.AttributeType.TENSOR).setT(value).build())).get(0);
    x = g.node("Reshape", "", List.of(x, shapeName), List.of("flat"),
        List.of(TensorInfo.floats(TensorInfo.BATCH, 256)), List.of()).get(0);
    float[] fc = GradientChecker.uniform(4 * 256, 85);
    for (int i = 0; i < fc.length; i++) {
      fc[i] *= 0.1f; // about He's scale for 256 inputs, as an exporter's trained or fresh model has
    }
    String y = g.gemm(x, g.constant("fc.weight", fc, 4, 256),
        g.constant("fc.bias", new float[4], 4), true);
    g.output(y);
    return g.model("exported").toByteArray();
  }

  @Test
  void importedModelComputesWhatTheFileComputesAndTrains() {
    byte[] file = exportedModel(false);
    ImportedModel model = OnnxImport.load(file, false);
    assertEquals(SyntheticImages.SHAPE, model.spec().input());
    assertEquals(4, model.spec().outputs());
    assertEquals(2, model.parameters().stream().filter(p -> !p.trainable()).count());

    Split data = SyntheticImages.quadrants(320, 91);
    float[] images = new float[5 * 256];
    for (int i = 0; i < 5; i++) {
      data.copyImage(i, images, i * 256);
    }
    float[] original;
    try (InferenceSession session = new InferenceSession(file, OrtSettings.cpu());
        NativeTensor x = NativeTensor.floats(images, 5, 1, 16, 16)) {
      original = session.run(Map.of("input", x), List.of(session.outputNames().get(0))).get(0).values();
    }
    TrainingConfig config = TrainingConfig.adamW(3, 32, 4).withLearningRate(2e-3);
    TrainingArtifacts artifacts = TrainingArtifacts.build(model, LossSpec.crossEntropy(4), config);
    try (TrainingSession fresh = new TrainingSession(artifacts, artifacts.checkpoint(), OrtSettings.cpu());
        NativeTensor x = NativeTensor.floats(images, 5, 1, 16, 16)) {
      assertArrayEquals(original, fresh.scores(x).values(), 1e-4f);
    }
    try (TrainedModel trained = new Trainer(OrtSettings.cpu(), null)
        .train(model, LossSpec.crossEntropy(4), config, data, data)) {
      assertTrue(trained.history().get(2).testAccuracy() > 0.9, trained.history().toString());
      float[] mean = trained.parameters().parameter("m0.bn.running_mean").values();
      assertTrue(!Arrays.equals(mean, model.initialValues(0).get("m0.bn.running_mean")));
    }
  }

  @Test
  void frozenWeightsAreNotTrainableAndUnsupportedOperatorsAreListed() {
    ImportedModel frozen = OnnxImport.load(exportedModel(false), true);
    assertTrue(frozen.parameters().stream().noneMatch(ParameterSpec::trainable));
    IllegalArgumentException nothing = assertThrows(IllegalArgumentException.class,
        () -> new Trainer(OrtSettings.cpu(), null).train(frozen, LossSpec.crossEntropy(4),
            TrainingConfig.adamW(1, 32, 1), SyntheticImages.quadrants(64, 1), null));
    assertTrue(nothing.getMessage().contains("no trainable parameters"), nothing.getMessage());

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> OnnxImport.load(exportedModel(true), false));
    assertTrue(e.getMessage().contains("Sin=[node_Sin]"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> OnnxImport.load(new byte[] {9, 9, 9}, false));
  }

  @Test
  void theBackendTrainsResumesAndReloadsAModelFileAsTheSpecsMembers(@TempDir Path dir)
      throws IOException {
    Path file = Files.write(dir.resolve("exported.onnx"), exportedModel(false));
    Backend ort = new OrtBackend();
    // the file's four outputs read as two members of two bits each
    ModelSpec spec = new ModelSpec("exported.onnx", SyntheticImages.SHAPE, 2, 2);
    Codebook twoBits = Codebook.of(new int[][] {{1, 1}, {1, -1}, {-1, 1}, {-1, -1}});
    Codebook swapped = Codebook.of(new int[][] {{-1, -1}, {1, 1}, {1, -1}, {-1, 1}});
    LossSpec loss = LossSpec.tanhSquaredError(List.of(twoBits, swapped));
    Split data = SyntheticImages.quadrants(96, 93);
    Path checkpoint = dir.resolve("run.ckpt");
    Map<String, String> options = Map.of("progress", "false", "threads", "1",
        OrtBackend.MODEL_FILE, file.toString(), "checkpoint", checkpoint.toString());
    TrainingConfig config = TrainingConfig.adamW(2, 32, 5);
    try (TrainedNetwork once = ort.train(spec, loss, config.withEpochs(1), data, null, options)) {
      assertEquals(spec, once.spec());
    }
    float[] images = new float[3 * 256];
    for (int i = 0; i < 3; i++) {
      data.copyImage(i, images, i * 256);
    }
    float[] trained;
    try (TrainedNetwork resumed = ort.train(spec, loss, config, data, null,
        Map.of("progress", "false", OrtBackend.MODEL_FILE, file.toString(),
            "resume-from", checkpoint.toString()))) {
      assertEquals(2, resumed.history().get(0).epoch());
      trained = resumed.scores(images, 3);
      resumed.saveCheckpoint(dir.resolve("done.ckpt"));
    }
    try (TrainedNetwork loaded = ort.load(spec, loss, dir.resolve("done.ckpt"),
        Map.of(OrtBackend.MODEL_FILE, file.toString()))) {
      assertArrayEquals(trained, loaded.scores(images, 3), 1e-6f);
    }
  }

  @Test
  void aModelFileThatDoesNotFitIsRefusedNamingTheFileAndTheProblem(@TempDir Path dir)
      throws IOException {
    Path file = Files.write(dir.resolve("exported.onnx"), exportedModel(false));
    Backend ort = new OrtBackend();
    Map<String, String> options = Map.of(OrtBackend.MODEL_FILE, file.toString());
    Path none = dir.resolve("none.ckpt");
    IllegalArgumentException width = assertThrows(IllegalArgumentException.class,
        () -> ort.load(new ModelSpec("x", SyntheticImages.SHAPE, 5, 1),
            LossSpec.crossEntropy(5), none, options));
    assertTrue(width.getMessage().contains(file.toString()), width.getMessage());
    assertTrue(width.getMessage().contains("outputs 4 values per sample"), width.getMessage());
    IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
        () -> ort.load(new ModelSpec("x", new ImageShape(1, 28, 28), 4, 1),
            LossSpec.crossEntropy(4), none, options));
    assertTrue(shape.getMessage().contains("images of 1x16x16"), shape.getMessage());
    assertTrue(shape.getMessage().contains("1x28x28"), shape.getMessage());
    Path corrupt = Files.write(dir.resolve("corrupt.onnx"), new byte[] {9, 9, 9});
    IllegalArgumentException notOnnx = assertThrows(IllegalArgumentException.class,
        () -> ort.load(new ModelSpec("x", SyntheticImages.SHAPE, 4, 1), LossSpec.crossEntropy(4),
            none, Map.of(OrtBackend.MODEL_FILE, corrupt.toString())));
    assertTrue(notOnnx.getMessage().contains("not an ONNX model"), notOnnx.getMessage());
    UncheckedIOException missing = assertThrows(UncheckedIOException.class,
        () -> ort.load(new ModelSpec("x", SyntheticImages.SHAPE, 4, 1), LossSpec.crossEntropy(4),
            none, Map.of(OrtBackend.MODEL_FILE, dir.resolve("absent.onnx").toString())));
    assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
  }

  /**
   * Ceil-mode pooling, where it adds a window past the input's end (7 pixels, kernel 2, stride
   * 2: 4 windows, floor mode 3): MaxPool and AveragePool without padding in the divisor,
   * against ONNX Runtime on the file; AveragePool with count_include_pad 1 there is refused (ONNX
   * Runtime 1.24 divides the added window by another count than PyTorch: tried, 0.4307 against
   * 0.4482 for the first score).
   */
  @Test
  void ceilModePoolingMatchesTheFile() {
    for (String op : List.of("MaxPool", "AveragePool:0", "AveragePool:1")) {
      boolean refused = op.equals("AveragePool:1");
      GraphBuilder g = new GraphBuilder();
      g.input("input", TensorInfo.floats(TensorInfo.BATCH, 1, 7, 7));
      String[] parts = op.split(":");
      List<AttributeProto> attributes = new java.util.ArrayList<>(List.of(
          Attributes.ofInts("kernel_shape", 2, 2), Attributes.ofInts("strides", 2, 2),
          Attributes.of("ceil_mode", 1L)));
      if (parts.length > 1) {
        attributes.add(Attributes.of("count_include_pad", Long.parseLong(parts[1])));
      }
      String pooled = g.node(parts[0], "", List.of("input"), List.of("pooled"),
          List.of(TensorInfo.floats(TensorInfo.BATCH, 1, 4, 4)), attributes).get(0);
      g.output(g.gemm(g.flatten(pooled),
          g.constant("fc.weight", GradientChecker.uniform(2 * 16, 89), 2, 16), null, true));
      byte[] file = g.model("pooled").toByteArray();
      float[] images = GradientChecker.uniform(3 * 49, 90);
      float[] original;
      try (InferenceSession session = new InferenceSession(file, OrtSettings.cpu());
          NativeTensor x = NativeTensor.floats(images, 3, 1, 7, 7)) {
        original = session.run(Map.of("input", x), List.of(session.outputNames().get(0)))
            .get(0).values();
      }
      if (refused) {
        IllegalArgumentException e =
            assertThrows(IllegalArgumentException.class, () -> OnnxImport.load(file, false));
        assertTrue(e.getMessage().contains("ceil_mode 1 with count_include_pad 1"), e.getMessage());
        continue;
      }
      ImportedModel model = OnnxImport.load(file, false);
      TrainingArtifacts artifacts = TrainingArtifacts.build(
          model, LossSpec.crossEntropy(2), TrainingConfig.adamW(1, 4, 1));
      try (TrainingSession session =
              new TrainingSession(artifacts, artifacts.checkpoint(), OrtSettings.cpu());
          NativeTensor x = NativeTensor.floats(images, 3, 1, 7, 7)) {
        assertArrayEquals(original, session.scores(x).values(), 1e-5f, op);
      }
    }
  }
}
