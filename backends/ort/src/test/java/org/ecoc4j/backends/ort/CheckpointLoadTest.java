package org.ecoc4j.backends.ort;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.ecoc4j.api.backend.Backend;
import org.ecoc4j.api.backend.LabeledImages;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.backend.TrainedNetwork;
import org.ecoc4j.api.backend.TrainingConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Backend#load}: a saved checkpoint scores like the network that saved it. */
class CheckpointLoadTest {

  private final Backend backend = new OrtBackend();
  private final ModelSpec spec = new ModelSpec("lenet", SyntheticImages.SHAPE, 4, 2);
  private final LossSpec loss = LossSpec.crossEntropy(4);
  private final TrainingConfig config = TrainingConfig.adamW(1, 16, 3);

  @Test
  void aLoadedCheckpointGivesTheSameScores(@TempDir Path dir) {
    LabeledImages data = SyntheticImages.quadrants(64, 1);
    float[] images = new float[8 * SyntheticImages.SHAPE.size()];
    for (int i = 0; i < 8; i++) {
      data.copyImage(i, images, i * SyntheticImages.SHAPE.size());
    }
    Path file = dir.resolve("model.ckpt");
    float[] expected;
    try (TrainedNetwork trained =
        backend.train(spec, loss, config, data, null, Map.of("progress", "false"))) {
      trained.saveCheckpoint(file);
      expected = trained.scores(images, 8);
    }
    try (TrainedNetwork loaded = backend.load(spec, loss, config, file, Map.of())) {
      assertArrayEquals(expected, loaded.scores(images, 8), 1e-6f);
      assertTrue(loaded.history().isEmpty());
    }
    ModelSpec wider = new ModelSpec("lenet", SyntheticImages.SHAPE, 4, 3);
    UncheckedIOException wrong =
        assertThrows(UncheckedIOException.class,
            () -> backend.load(wider, loss, config, file, Map.of()));
    assertTrue(wrong.getMessage().contains("does not hold parameter m2."), wrong.getMessage());
    ModelSpec otherOutputs = new ModelSpec("lenet", SyntheticImages.SHAPE, 5, 2);
    UncheckedIOException shape =
        assertThrows(UncheckedIOException.class,
            () -> backend.load(otherOutputs, LossSpec.crossEntropy(5), config, file, Map.of()));
    assertTrue(shape.getMessage().contains("dims"), shape.getMessage());
  }

  @Test
  void missingAndCorruptCheckpointsAreRefused(@TempDir Path dir) throws IOException {
    assertThrows(UncheckedIOException.class,
        () -> backend.load(spec, loss, config, dir.resolve("absent.ckpt"), Map.of()));
    Path corrupt = dir.resolve("corrupt.ckpt");
    byte[] junk = new byte[100];
    Arrays.fill(junk, (byte) 7);
    Files.write(corrupt, junk);
    UncheckedIOException e =
        assertThrows(UncheckedIOException.class,
            () -> backend.load(spec, loss, config, corrupt, Map.of()));
    assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
  }
}
