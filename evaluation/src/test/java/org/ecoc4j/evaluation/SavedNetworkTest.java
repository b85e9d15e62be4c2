package org.ecoc4j.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.ecoc4j.api.attack.Objective;
import org.ecoc4j.api.backend.Backend;
import org.ecoc4j.api.backend.GradientOracle;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.backend.TrainedNetwork;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.data.Split;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backend.load on ort: a saved network reopens with the same scores and objective gradients. */
class SavedNetworkTest {

  private static final ImageShape SHAPE = new ImageShape(1, 12, 12);
  private static final ModelSpec SPEC = new ModelSpec("lenet", SHAPE, 3, 1);
  private static final Map<String, String> QUIET = Map.of("progress", "false");

  @Test
  void reopensWithTheSameScoresAndGradients(@TempDir Path folder) {
    Backend ort = Plugins.find(Backend.class, "ort");
    Random random = new Random(2);
    float[] images = new float[24 * SHAPE.size()];
    int[] labels = new int[24];
    for (int i = 0; i < images.length; i++) {
      images[i] = random.nextFloat();
    }
    for (int b = 0; b < labels.length; b++) {
      labels[b] = b % 3;
    }
    Path checkpoint = folder.resolve("model.ckpt");
    Objective margin = Plugins.find(Objective.class, "margin");
    float[] scores;
    float[] gradient = new float[images.length];
    try (TrainedNetwork trained = ort.train(SPEC, LossSpec.crossEntropy(3),
            TrainingConfig.adamW(1, 8, 1), Split.inMemory("train", SHAPE, 3, images, labels), null,
            QUIET);
        GradientOracle oracle = trained.gradientOracle(24, margin)) {
      scores = trained.scores(images, 24);
      oracle.lossAndGradient(images, labels, new float[24], gradient);
      trained.saveCheckpoint(checkpoint);
    }
    try (TrainedNetwork loaded = ort.load(SPEC, LossSpec.crossEntropy(3), checkpoint, Map.of());
        GradientOracle oracle = loaded.gradientOracle(24, margin)) {
      assertArrayEquals(scores, loaded.scores(images, 24), 1e-6f);
      float[] again = new float[images.length];
      oracle.lossAndGradient(images, labels, new float[24], again);
      assertArrayEquals(gradient, again, 1e-6f);
    }
    ModelSpec wider = new ModelSpec("lenet", SHAPE, 4, 1);
    IllegalArgumentException mismatch = assertThrows(IllegalArgumentException.class,
        () -> ort.load(wider, LossSpec.crossEntropy(4), checkpoint, Map.of()));
    assertTrue(mismatch.getMessage().contains("expects"), mismatch.getMessage());
  }

  @Test
  void refusesMissingAndCorruptFiles(@TempDir Path folder) throws Exception {
    Backend ort = Plugins.find(Backend.class, "ort");
    assertThrows(UncheckedIOException.class,
        () -> ort.load(SPEC, LossSpec.crossEntropy(3), folder.resolve("none.ckpt"), Map.of()));
    Path corrupt = Files.write(folder.resolve("corrupt.ckpt"), new byte[] {1, 2, 3, 4, 5});
    assertThrows(IllegalArgumentException.class,
        () -> ort.load(SPEC, LossSpec.crossEntropy(3), corrupt, Map.of()));
  }
}
