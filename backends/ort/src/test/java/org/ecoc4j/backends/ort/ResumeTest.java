package org.ecoc4j.backends.ort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.ecoc4j.api.data.Augmentation;
import org.ecoc4j.api.data.Split;
import org.ecoc4j.api.backend.LearningRateSchedule;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.backends.onnx.training.Checkpoint;
import org.ecoc4j.backends.onnx.zoo.Activation;
import org.ecoc4j.backends.onnx.zoo.VggCnn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResumeTest {

  private static final ModelSpec SPEC = new ModelSpec("lenet", SyntheticImages.SHAPE, 4, 1);
  private static final LossSpec LOSS = LossSpec.crossEntropy(4);
  private static final Split DATA = SyntheticImages.quadrants(160, 41);

  @Test
  void resumingAfterEpochOneReachesTheUninterruptedWeights(@TempDir Path dir) throws Exception {
    // a schedule that depends on the epoch only, so a 1-epoch run is the first half of a 2-epoch run
    TrainingConfig twoEpochs =
        TrainingConfig.adamW(2, 32, 17).withSchedule(LearningRateSchedule.step(1, 0.5));
    Trainer trainer = new Trainer(OrtSettings.cpu(), null);
    Checkpoint uninterrupted;
    try (TrainedModel model = trainer.train(SPEC, LOSS, twoEpochs, DATA, null)) {
      uninterrupted = model.parameters();
    }
    Path file = dir.resolve("run.ckpt");
    Checkpoint afterOne;
    try (TrainedModel first =
        trainer.checkpointingTo(file).train(SPEC, LOSS, twoEpochs.withEpochs(1), DATA, null)) {
      afterOne = first.parameters();
    }
    assertTrue(Files.exists(file));
    assertTrue(Files.notExists(dir.resolve("run.ckpt.tmp")));
    assertNotEquals(uninterrupted, afterOne);
    try (TrainedModel resumed = trainer.resume(SPEC, LOSS, twoEpochs, DATA, null, file)) {
      assertEquals(1, resumed.history().size());
      assertEquals(2, resumed.history().get(0).epoch());
      assertEquals(uninterrupted, resumed.parameters());
    }
  }

  /**
   * cnn1 with its dropout (0.2 after the first two pools) on 48 Fashion-MNIST images: the run
   * resumed after epoch 1 ends with the uninterrupted run's weights bit for bit, because the
   * trainer draws each step's dropout noise from the seed, the epoch, the batch and the layer. The
   * same run without dropout ends elsewhere, so the masks did act.
   */
  @Test
  void resumingCnn1WithDropoutReachesTheUninterruptedWeights(@TempDir Path dir) {
    Split fashion = FashionSamples.first(48);
    ModelSpec spec = new ModelSpec("cnn1", fashion.shape(), fashion.classes(), 1);
    LossSpec loss = LossSpec.crossEntropy(fashion.classes());
    TrainingConfig twoEpochs = TrainingConfig.adamW(2, 16, 29);
    Trainer trainer = new Trainer(OrtSettings.cpu(), null);
    Checkpoint uninterrupted;
    Checkpoint withoutDropout;
    try (TrainedModel model = trainer.train(spec, loss, twoEpochs, fashion, null);
        TrainedModel plain =
            trainer.train(
                new VggCnn(spec, VggCnn.CNN1, 0f, Activation.ELU), loss, twoEpochs, fashion,
                null)) {
      uninterrupted = model.parameters();
      withoutDropout = plain.parameters();
    }
    assertNotEquals(withoutDropout, uninterrupted);
    Path file = dir.resolve("cnn1.ckpt");
    trainer.checkpointingTo(file).train(spec, loss, twoEpochs.withEpochs(1), fashion, null).close();
    try (TrainedModel resumed = trainer.resume(spec, loss, twoEpochs, fashion, null, file)) {
      assertEquals(2, resumed.history().get(0).epoch());
      assertEquals(uninterrupted, resumed.parameters());
    }
  }

  @Test
  void augmentationIsAppliedAndResumesIdentically(@TempDir Path dir) {
    Augmentation noise = (batch, seed) -> {
      java.util.Random random = new java.util.Random(seed);
      float[] images = batch.images();
      for (int i = 0; i < batch.size() * batch.shape().size(); i++) {
        images[i] += (float) random.nextGaussian() * 0.1f;
      }
    };
    TrainingConfig twoEpochs = TrainingConfig.adamW(2, 32, 23);
    Trainer plain = new Trainer(OrtSettings.cpu(), null);
    Trainer noisy = plain.augmentingWith(noise);
    Checkpoint clean;
    Checkpoint uninterrupted;
    try (TrainedModel a = plain.train(SPEC, LOSS, twoEpochs, DATA, null);
        TrainedModel b = noisy.train(SPEC, LOSS, twoEpochs, DATA, null)) {
      clean = a.parameters();
      uninterrupted = b.parameters();
    }
    assertNotEquals(clean, uninterrupted);
    Path file = dir.resolve("noisy.ckpt");
    noisy.checkpointingTo(file).train(SPEC, LOSS, twoEpochs.withEpochs(1), DATA, null).close();
    try (TrainedModel resumed = noisy.resume(SPEC, LOSS, twoEpochs, DATA, null, file)) {
      assertEquals(uninterrupted, resumed.parameters());
    }
  }

  @Test
  void theScheduleChangesTheRun() {
    TrainingConfig constant = TrainingConfig.adamW(2, 32, 17);
    Trainer trainer = new Trainer(OrtSettings.cpu(), null);
    try (TrainedModel flat = trainer.train(SPEC, LOSS, constant, DATA, null);
        TrainedModel stepped =
            trainer.train(SPEC, LOSS,
                constant.withSchedule(LearningRateSchedule.step(1, 0.1)), DATA, null)) {
      assertEquals(flat.history().get(0).trainLoss(), stepped.history().get(0).trainLoss());
      assertNotEquals(flat.parameters(), stepped.parameters());
    }
  }

  @Test
  void resumingAFinishedRunIsAnError(@TempDir Path dir) {
    Path file = dir.resolve("done.ckpt");
    TrainingConfig one = TrainingConfig.adamW(1, 32, 3);
    Trainer trainer = new Trainer(OrtSettings.cpu(), null).checkpointingTo(file);
    trainer.train(SPEC, LOSS, one, DATA, null).close();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class,
            () -> trainer.resume(SPEC, LOSS, one, DATA, null, file));
    assertTrue(e.getMessage().contains("done 1 epochs"), e.getMessage());
  }
}
