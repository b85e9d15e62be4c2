package org.ecoc4j.backends.ort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.ecoc4j.api.backend.Backend;
import org.ecoc4j.api.backend.GradientOracle;
import org.ecoc4j.api.data.Split;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.backend.TrainedNetwork;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.plugin.InvalidOptionException;
import org.ecoc4j.backends.onnx.training.Checkpoint;
import org.ecoc4j.backends.onnx.training.CheckpointReader;
import org.ecoc4j.backends.onnx.training.CheckpointWriter;
import org.ecoc4j.backends.onnx.training.NamedTensor;
import java.util.Optional;
import org.ecoc4j.api.data.Augmentation;
import org.ecoc4j.api.training.TrainingData;
import org.ecoc4j.api.training.TrainingStage;
import org.ecoc4j.datasets.RandomCropFlip;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrtBackendTest {

  private final Backend backend = new OrtBackend();
  private final ModelSpec spec = new ModelSpec("lenet", SyntheticImages.SHAPE, 4, 1);
  private final Split data = SyntheticImages.quadrants(96, 51);

  @Test
  void isDeclaredAsAProvider() throws Exception {
    ModuleDescriptor descriptor = OrtBackend.class.getModule().getDescriptor();
    assertTrue(
        descriptor.provides().stream()
            .anyMatch(p -> p.service().equals(Backend.class.getName())
                && p.providers().contains(OrtBackend.class.getName())),
        descriptor.provides().toString());
    try (InputStream in =
        OrtBackend.class.getResourceAsStream("/META-INF/services/" + Backend.class.getName())) {
      assertEquals(OrtBackend.class.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8).strip());
    }
    assertEquals("ort", backend.name());
  }

  @Test
  void aCheckpointWithANaNWeightIsRefusedNamingTheParameter(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("ort.ckpt");
    try (TrainedNetwork net = backend.train(spec, LossSpec.crossEntropy(4),
        TrainingConfig.adamW(1, 32, 2), data, null, Map.of("progress", "false", "threads", "1"))) {
      net.saveCheckpoint(file);
    }
    Checkpoint saved = CheckpointReader.read(Files.readAllBytes(file));
    List<NamedTensor> trainable = new java.util.ArrayList<>(saved.trainable());
    NamedTensor first = trainable.get(0);
    float[] values = first.values();
    float marker = 12345.678f; // the writer refuses NaN: write a marker, then flip its bytes
    values[values.length / 2] = marker;
    trainable.set(0, new NamedTensor(first.name(), first.dims(), values));
    byte[] bytes = CheckpointWriter.write(trainable, saved.frozen());
    int bits = Float.floatToRawIntBits(marker);
    int at = -1;
    for (int i = 0; i + 4 <= bytes.length && at < 0; i++) {
      if ((bytes[i] & 0xff) == (bits & 0xff) && (bytes[i + 1] & 0xff) == ((bits >> 8) & 0xff)
          && (bytes[i + 2] & 0xff) == ((bits >> 16) & 0xff)
          && (bytes[i + 3] & 0xff) == ((bits >>> 24) & 0xff)) {
        at = i;
      }
    }
    assertTrue(at >= 0, "the marker is stored little-endian");
    int nan = Float.floatToRawIntBits(Float.NaN);
    for (int k = 0; k < 4; k++) {
      bytes[at + k] = (byte) (nan >> (8 * k));
    }
    Path poisoned = dir.resolve("nan.ckpt");
    Files.write(poisoned, bytes);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> backend.load(spec, LossSpec.crossEntropy(4), poisoned, Map.of("threads", "1")));
    assertTrue(e.getMessage().contains("checkpoint " + poisoned + ": parameter " + first.name()
        + " holds NaN at index " + values.length / 2), e.getMessage());
  }

  @Test
  void trainsCheckpointsResumesAndAnswersGradients(@TempDir Path dir) {
    Path file = dir.resolve("ort.ckpt");
    Map<String, String> options =
        Map.of("progress", "false", "threads", "1", "checkpoint", file.toString());
    TrainingConfig config = TrainingConfig.adamW(2, 32, 2);
    try (TrainedNetwork once =
        backend.train(spec, LossSpec.crossEntropy(4), config.withEpochs(1), data, null, options)) {
      assertEquals(1, once.history().size());
    }
    try (TrainedNetwork resumed =
            backend.train(spec, LossSpec.crossEntropy(4), config, data, null,
                Map.of("progress", "false", "resume-from", file.toString()));
        GradientOracle oracle = resumed.gradientOracle(4)) {
      assertEquals(2, resumed.history().get(0).epoch());
      float[] losses = new float[2];
      float[] gradient = new float[2 * 256];
      oracle.lossAndGradient(new float[2 * 256], new int[] {1, 3}, losses, gradient);
      assertTrue(losses[0] > 0 && losses[1] > 0);
      resumed.saveCheckpoint(dir.resolve("again.ckpt"));
      assertTrue(Files.exists(dir.resolve("again.ckpt")));
    }
  }

  @Test
  void theDatasetAugmentationChangesTheTrainingBatches() {
    TrainingConfig config = TrainingConfig.adamW(1, 32, 4);
    List<TrainingStage> stages = List.of(TrainingStage.of("train", LossSpec.crossEntropy(4), config));
    Augmentation[] choices = {Augmentation.NONE, new RandomCropFlip(4, true), new RandomCropFlip(4, true)};
    double[] losses = new double[3];
    for (int i = 0; i < 3; i++) {
      try (TrainedNetwork net =
          backend.train(spec, stages, new TrainingData(data, Optional.empty(), choices[i]),
              Map.of("progress", "false"))) {
        losses[i] = net.history().get(0).trainLoss();
      }
    }
    assertTrue(losses[0] != losses[1], "augmented batches must change the run");
    assertEquals(losses[1], losses[2], "same seed, same augmentation");
    assertThrows(InvalidOptionException.class,
        () -> backend.train(spec, LossSpec.crossEntropy(4), config, data, null,
            Map.of("optimizer", "sgd", "momentum", "1.0")));
  }

  @Test
  void theProfileOptionWritesATrainingProfile(@TempDir Path dir) throws Exception {
    Path prefix = dir.resolve("run");
    try (TrainedNetwork net = backend.train(spec, LossSpec.crossEntropy(4),
        TrainingConfig.adamW(1, 32, 2), data, null,
        Map.of("progress", "false", "threads", "1", "profile", prefix.toString()))) {
      assertEquals(4, net.scores(new float[SyntheticImages.SHAPE.size()], 1).length);
    }
    List<Path> written;
    try (var files = Files.list(dir)) {
      written = files.filter(f -> f.getFileName().toString().startsWith("run-training_")).toList();
    }
    assertTrue(!written.isEmpty(), "no training profile in " + dir);
    // a file the eval and optimizer sessions wrote over each other (ProfileSummary.readWhole)
    ProfileSummary summary = ProfileSummary.readWhole(written).summary();
    assertTrue(summary.operators().stream().anyMatch(o -> o.operator().equals("ConvGrad")),
        summary.top(20));
  }

  /**
   * {@code conv-gradient=gemm} reaches the training graph (no ConvGrad in its profile) and trains
   * as ConvGrad does: the same losses per epoch, within float rounding.
   */
  @Test
  void theGemmConvGradientTrainsAsConvGradDoes(@TempDir Path dir) throws Exception {
    Path prefix = dir.resolve("gemm");
    TrainingConfig config = TrainingConfig.adamW(2, 32, 2);
    double[] convGrad = new double[2];
    double[] gemm = new double[2];
    try (TrainedNetwork net = backend.train(spec, LossSpec.crossEntropy(4), config, data, null,
        Map.of("progress", "false", "threads", "1", "conv-gradient", "convgrad"))) {
      convGrad[0] = net.history().get(0).trainLoss();
      convGrad[1] = net.history().get(1).trainLoss();
    }
    try (TrainedNetwork net = backend.train(spec, LossSpec.crossEntropy(4), config, data, null,
        Map.of("progress", "false", "threads", "1", "conv-gradient", "gemm",
            "profile", prefix.toString()))) {
      gemm[0] = net.history().get(0).trainLoss();
      gemm[1] = net.history().get(1).trainLoss();
    }
    for (int e = 0; e < 2; e++) {
      assertTrue(Double.isFinite(gemm[e]), "epoch " + e + ": " + gemm[e]);
      assertEquals(convGrad[e], gemm[e], 1e-4 * Math.abs(convGrad[e]), "epoch " + e);
    }
    List<Path> written;
    try (var files = Files.list(dir)) {
      written = files.filter(f -> f.getFileName().toString().startsWith("gemm-training_")).toList();
    }
    ProfileSummary summary = ProfileSummary.readWhole(written).summary();
    assertTrue(summary.operators().stream().noneMatch(o -> o.operator().equals("ConvGrad")),
        summary.top(30));
    assertTrue(summary.operators().stream().anyMatch(o -> o.operator().equals("Gemm")),
        summary.top(30));
  }

  @Test
  void refusesBadOptionsAndCuda() {
    TrainingConfig config = TrainingConfig.adamW(1, 32, 2);
    LossSpec loss = LossSpec.crossEntropy(4);
    assertThrows(InvalidOptionException.class,
        () -> backend.train(spec, loss, config, data, null, Map.of("device", "tpu")));
    assertThrows(InvalidOptionException.class,
        () -> backend.train(spec, loss, config, data, null, Map.of("threads", "0")));
    String tooMany = Integer.toString(4 * Runtime.getRuntime().availableProcessors() + 1);
    InvalidOptionException threads = assertThrows(InvalidOptionException.class,
        () -> backend.train(spec, loss, config, data, null, Map.of("threads", tooMany)));
    assertTrue(threads.getMessage().contains("more than 4 x the"), threads.getMessage());
    assertThrows(InvalidOptionException.class,
        () -> backend.train(spec, loss, config, data, null, Map.of("threads", "100000")));
    assertThrows(InvalidOptionException.class,
        () -> backend.train(spec, loss, config, data, null, Map.of("colour", "red")));
    if (!OrtDevice.CUDA.isAvailable()) {
      UnsupportedOperationException cuda =
          assertThrows(UnsupportedOperationException.class,
              () -> backend.train(spec, loss, config, data, null, Map.of("device", "cuda")));
      assertTrue(cuda.getMessage().contains("missing"), cuda.getMessage());
    }
    InvalidOptionException profile = assertThrows(InvalidOptionException.class,
        () -> backend.train(spec, loss, config, data, null,
            Map.of("profile", "/no/such/folder/p")));
    assertTrue(profile.getMessage().contains("/no/such/folder"), profile.getMessage());
    InvalidOptionException convGradient = assertThrows(InvalidOptionException.class,
        () -> backend.train(spec, loss, config, data, null, Map.of("conv-gradient", "im2col")));
    assertTrue(convGradient.getMessage().contains("conv-gradient")
        && convGradient.getMessage().contains("gemm"), convGradient.getMessage());
    assertEquals("auto", backend.options().stream()
        .filter(o -> o.name().equals("conv-gradient")).findFirst().orElseThrow().defaultValue());
    InvalidOptionException convLayout = assertThrows(InvalidOptionException.class,
        () -> backend.train(spec, loss, config, data, null, Map.of("conv-layout", "nhwc")));
    assertTrue(convLayout.getMessage().contains("conv-layout")
        && convLayout.getMessage().contains("nchwc"), convLayout.getMessage());
    assertEquals("auto", backend.options().stream()
        .filter(o -> o.name().equals("conv-layout")).findFirst().orElseThrow().defaultValue());
    assertEquals("false", backend.options().stream()
        .filter(o -> o.name().equals("spinning")).findFirst().orElseThrow().defaultValue());
    InvalidOptionException spinning = assertThrows(InvalidOptionException.class,
        () -> backend.train(spec, loss, config, data, null, Map.of("spinning", "sometimes")));
    assertTrue(spinning.getMessage().contains("spinning"), spinning.getMessage());
    assertEquals(List.of("device", "threads", "profile", "conv-gradient", "checkpoint",
            "resume-from", "progress", "optimizer", "momentum", "model-file", "memory",
            "conv-layout", "spinning"),
        backend.options().stream().map(o -> o.name()).toList());
  }
}
