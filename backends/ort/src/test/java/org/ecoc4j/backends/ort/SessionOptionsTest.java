package org.ecoc4j.backends.ort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.ecoc4j.api.backend.GradientOracle;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.data.Split;
import org.ecoc4j.backends.onnx.training.CheckpointReader;
import org.ecoc4j.backends.onnx.training.TrainingArtifacts;
import org.ecoc4j.backends.onnx.zoo.ModelZoo;
import org.ecoc4j.backends.onnx.zoo.ZooModel;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.SizeTPointer;
import org.bytedeco.onnxruntime.OrtSessionOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The session options reach the sessions, observed through ONNX Runtime's own profiles: the
 * training session and both attack sessions run their kernels on the settings' intra-op threads
 * (no worker thread with one thread, at least one and at most {@code threads - 1} with more), and
 * their graphs were optimised at {@code ORT_ENABLE_ALL} (Conv + ReLU fused into {@code FusedConv},
 * a level-2 fusion, and NCHWc {@code ReorderOutput} layout nodes, which only level 3 inserts);
 * and every session, the training session's included, turns its workers' spinning off, or on
 * where the settings ask for it (read back from the options with ONNX Runtime's {@code
 * GetSessionConfigEntry}).
 */
class SessionOptionsTest {

  private static final int BATCH = 32;

  @ParameterizedTest
  @ValueSource(ints = {1, 3})
  void everySessionRunsOnTheSettingsThreadsAndOptimisationLevel(int threads, @TempDir Path dir)
      throws IOException {
    ModelSpec spec = new ModelSpec("lenet", SyntheticImages.SHAPE, 4, 1);
    ZooModel model = ModelZoo.create(spec);
    LossSpec loss = LossSpec.crossEntropy(4);
    TrainingArtifacts artifacts =
        TrainingArtifacts.build(model, loss, TrainingConfig.adamW(1, BATCH, 3));
    Split data = SyntheticImages.quadrants(BATCH, 5);
    int size = SyntheticImages.SHAPE.size();
    float[] images = new float[BATCH * size];
    long[] labels = new long[BATCH];
    int[] intLabels = new int[BATCH];
    for (int i = 0; i < BATCH; i++) {
      data.copyImage(i, images, i * size);
      intLabels[i] = data.label(i);
      labels[i] = intLabels[i];
    }
    OrtSettings settings =
        new OrtSettings(OrtDevice.CPU, threads).profilingTo(dir.resolve("p"));
    try (TrainingSession session = new TrainingSession(artifacts, artifacts.checkpoint(), settings);
        NativeTensor x = NativeTensor.floats(images, BATCH, 1, 16, 16);
        NativeTensor y = NativeTensor.longs(labels, BATCH);
        DropoutNoise noise = session.dropoutNoise()) {
      for (int step = 0; step < 3; step++) {
        session.trainStep(x, y, noise);
        session.optimizerStep();
        session.lazyResetGrad();
      }
    }
    try (GradientOracle oracle = new OrtGradientOracle(
        model, loss, CheckpointReader.read(artifacts.checkpoint()), BATCH, settings)) {
      float[] losses = new float[BATCH];
      for (int step = 0; step < 3; step++) {
        oracle.lossAndGradient(images, intLabels, losses, new float[images.length]);
        oracle.losses(images, intLabels, losses);
      }
    }
    ProfileSummary training = summary(dir, "p-training_");
    ProfileSummary attack = summary(dir, "p-attack_");
    ProfileSummary lossesOnly = summary(dir, "p-attack-losses_");
    List<ProfileSummary> sessions = new ArrayList<>();
    for (String role : List.of("p-training_", "p-attack_", "p-attack-losses_")) {
      for (Path file : files(dir, role)) {
        // left out: a file two sessions of one role wrote over each other in one second
        ProfileSummary.Whole whole = ProfileSummary.readWhole(List.of(file));
        if (whole.garbled().isEmpty()) {
          sessions.add(whole.summary());
        }
      }
    }
    // one file per session: the sessions of one role that started in different seconds wrote
    // files of their own, each with its own pool
    for (ProfileSummary s : sessions) {
      if (threads == 1) {
        assertEquals(0, s.workerThreads(), s.pools().toString());
      } else {
        assertTrue(s.workerThreads() >= 1 && s.workerThreads() <= threads - 1,
            s.workerThreads() + " worker threads in " + s.pools());
        assertEquals(1, s.pools().size(), s.pools().toString());
        assertTrue(s.pools().iterator().next().endsWith("intra-op"), s.pools().toString());
      }
    }
    assertTrue(has(training, "FusedConv"), training.top(30));
    assertTrue(has(training, "ConvGrad"), training.top(30));
    assertTrue(has(attack, "ReorderOutput"), attack.top(30));
    assertFalse(has(lossesOnly, "ConvGrad"), lossesOnly.top(30));
  }

  @Test
  void noSessionLetsItsWorkersSpinUnlessAsked() {
    int roles = SessionRole.values().length;
    assertEquals(Collections.nCopies(roles, "0"), spinningEntries(OrtSettings.cpu()));
    assertEquals(Collections.nCopies(roles, "1"),
        spinningEntries(OrtSettings.cpu().withSpinning(true)));
  }

  /** The spinning entry of each role's session options under {@code settings}. */
  private static List<String> spinningEntries(OrtSettings settings) {
    OrtRuntime rt = OrtRuntime.get();
    List<String> entries = new ArrayList<>();
    for (SessionRole role : SessionRole.values()) {
      OrtSessionOptions options = SessionOptionsFactory.create(settings, role);
      try {
        int[] has = new int[1];
        rt.check(rt.api.HasSessionConfigEntry(options, SessionOptionsFactory.SPINNING, has),
            "asking for the entry");
        assertEquals(1, has[0], role + " has no spinning entry");
        try (BytePointer value = new BytePointer(8);
            SizeTPointer size = new SizeTPointer(1).put(8)) {
          rt.check(rt.api.GetSessionConfigEntry(
              options, new BytePointer(SessionOptionsFactory.SPINNING), value, size),
              "reading the entry");
          byte[] text = new byte[(int) size.get() - 1];  // the size counts the terminating 0
          value.get(text);
          entries.add(new String(text, StandardCharsets.US_ASCII));
        }
      } finally {
        rt.api.ReleaseSessionOptions(options);
      }
    }
    return entries;
  }

  private static boolean has(ProfileSummary summary, String operator) {
    return summary.operators().stream().anyMatch(o -> o.operator().equals(operator));
  }

  private static ProfileSummary summary(Path dir, String start) throws IOException {
    return ProfileSummary.readWhole(files(dir, start)).summary();
  }

  private static List<Path> files(Path dir, String start) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> found =
          files.filter(f -> f.getFileName().toString().startsWith(start)).toList();
      assertFalse(found.isEmpty(), "no profile " + start + "* in " + dir);
      return found;
    }
  }
}
