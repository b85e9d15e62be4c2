package org.ecoc4j.backends.ort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.ecoc4j.api.backend.EpochSummary;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.data.Split;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.codebook.Codebook;
import org.junit.jupiter.api.Test;

class TrainerTest {

  private static final Split TRAIN = SyntheticImages.quadrants(640, 11);
  private static final Split TEST = SyntheticImages.quadrants(256, 12);

  @Test
  void lenetLearnsQuadrantsWithCrossEntropy() {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    ModelSpec spec = new ModelSpec("lenet", SyntheticImages.SHAPE, 4, 1);
    TrainingConfig config = TrainingConfig.adamW(3, 32, 5).withLearningRate(2e-3);
    try (PrintStream progress = new PrintStream(log, true, StandardCharsets.UTF_8);
        TrainedModel model =
            new Trainer(OrtSettings.cpu(), progress)
                .train(spec, LossSpec.crossEntropy(4), config, TRAIN, TEST)) {
      List<EpochSummary> history = model.history();
      assertEquals(3, history.size());
      assertTrue(
          history.get(2).trainLoss() < 0.5 * history.get(0).trainLoss(),
          "loss per epoch " + history);
      assertTrue(history.get(2).testAccuracy() > 0.9, "test accuracy " + history);
      assertTrue(history.get(2).imagesPerSecond() > 0);
      String text = log.toString(StandardCharsets.UTF_8);
      assertTrue(text.contains("epoch 3/3") && text.contains("img/s") && text.contains("test acc"),
          text);
    }
  }

  @Test
  void twoMembersLearnCodewordsWithTanhSquaredError() {
    Codebook first =
        Codebook.of(new int[][] {
            {1, 1, -1, -1, 1, -1}, {-1, 1, 1, -1, -1, 1}, {1, -1, 1, 1, -1, -1}, {-1, -1, -1, 1, 1, 1}
        });
    Codebook second =
        Codebook.of(new int[][] {
            {-1, 1, 1, 1, -1, -1}, {1, 1, -1, 1, 1, -1}, {-1, -1, -1, -1, 1, 1}, {1, -1, 1, -1, -1, 1}
        });
    ModelSpec spec = new ModelSpec("lenet", SyntheticImages.SHAPE, 6, 2);
    TrainingConfig config = TrainingConfig.adamW(3, 32, 6).withLearningRate(2e-3);
    try (TrainedModel model =
        new Trainer(OrtSettings.cpu(), null)
            .train(spec, LossSpec.tanhSquaredError(List.of(first, second)), config, TRAIN, TEST)) {
      List<EpochSummary> history = model.history();
      assertTrue(history.get(2).trainLoss() < history.get(0).trainLoss(), "loss " + history);
      assertTrue(history.get(2).testAccuracy() > 0.9, "test accuracy " + history);
      assertEquals(12 * 5, model.scores(new float[5 * 256], 5).length);
    }
  }

  @Test
  void sameSeedGivesSameWeights() {
    ModelSpec spec = new ModelSpec("lenet", SyntheticImages.SHAPE, 4, 1);
    Split small = SyntheticImages.quadrants(96, 13);
    TrainingConfig config = TrainingConfig.adamW(1, 32, 8);
    Trainer trainer = new Trainer(OrtSettings.cpu(), null);
    try (TrainedModel a = trainer.train(spec, LossSpec.crossEntropy(4), config, small, null);
        TrainedModel b = trainer.train(spec, LossSpec.crossEntropy(4), config, small, null)) {
      assertEquals(a.parameters(), b.parameters());
      assertTrue(Double.isNaN(a.history().get(0).testAccuracy()));
    }
  }

  @Test
  void refusesDataThatDoesNotFit() {
    Trainer trainer = new Trainer(OrtSettings.cpu(), null);
    ModelSpec wrongShape = new ModelSpec("lenet", new ImageShape(3, 16, 16), 4, 1);
    TrainingConfig config = TrainingConfig.adamW(1, 32, 1);
    IllegalArgumentException shape =
        assertThrows(
            IllegalArgumentException.class,
            () -> trainer.train(wrongShape, LossSpec.crossEntropy(4), config, TRAIN, null));
    assertTrue(shape.getMessage().contains("3x16x16"), shape.getMessage());
    ModelSpec spec = new ModelSpec("lenet", SyntheticImages.SHAPE, 4, 1);
    assertThrows(
        IllegalArgumentException.class,
        () -> trainer.train(spec, LossSpec.crossEntropy(5), config, TRAIN, null));
    assertThrows(
        IllegalArgumentException.class,
        () -> trainer.train(
            spec, LossSpec.crossEntropy(4), TrainingConfig.adamW(1, 1000, 1), TRAIN, null));
    IllegalArgumentException unknown =
        assertThrows(
            IllegalArgumentException.class,
            () -> trainer.train(
                new ModelSpec("resnet99", SyntheticImages.SHAPE, 4, 1),
                LossSpec.crossEntropy(4), config, TRAIN, null));
    assertTrue(unknown.getMessage().contains("lenet"), unknown.getMessage());
  }
}
