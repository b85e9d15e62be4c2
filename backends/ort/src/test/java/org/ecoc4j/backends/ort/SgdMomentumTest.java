package org.ecoc4j.backends.ort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.ecoc4j.api.backend.LearningRateSchedule;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.data.Split;
import org.ecoc4j.backends.onnx.training.Checkpoint;
import org.ecoc4j.backends.onnx.training.NamedTensor;
import org.ecoc4j.backends.onnx.training.OptimizerSpec;
import org.ecoc4j.backends.onnx.zoo.ModelZoo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SGD with momentum and weight decay against the update laws, with full-batch steps (one step per
 * epoch, no shuffling) so that every run sees the same gradients.
 *
 * <p>With b the momentum buffer: p1 = p0 - lr g(p0) for any momentum; with momentum m,
 * p2 = p1 - lr (g(p1) + m g(p0)) = q2 + m (p1 - p0), where q2 = p1 - lr g(p1) is plain SGD's second
 * step. With weight decay w, the first step moves by an extra -lr w p0.
 */
class SgdMomentumTest {

  private static final Split DATA = SyntheticImages.quadrants(64, 41);
  private static final ModelSpec SPEC = new ModelSpec("lenet", SyntheticImages.SHAPE, 4, 1);
  private static final LossSpec LOSS = LossSpec.crossEntropy(4);
  private static final double LR = 0.05;
  private static final double MOMENTUM = 0.9;
  private static final long SEED = 8;

  private static TrainingConfig fullBatch(int epochs) {
    return new TrainingConfig(
        epochs, 64, LR, 0, 0.9, 0.999, 1e-8, SEED, false, LearningRateSchedule.constant());
  }

  private static Checkpoint train(OptimizerSpec optimizer, int epochs) {
    try (TrainedModel model =
        new Trainer(OrtSettings.cpu(), null)
            .withOptimizer(optimizer)
            .train(SPEC, LOSS, fullBatch(epochs), DATA, null)) {
      return model.parameters();
    }
  }

  @Test
  void momentumAddsTheFirstStepToTheSecond() {
    Map<String, float[]> p0 = ModelZoo.create(SPEC).initialValues(SEED);
    Checkpoint plain1 = train(OptimizerSpec.sgd(0, 0), 1);
    Checkpoint plain2 = train(OptimizerSpec.sgd(0, 0), 2);
    Checkpoint momentum1 = train(OptimizerSpec.sgd(MOMENTUM, 0), 1);
    Checkpoint momentum2 = train(OptimizerSpec.sgd(MOMENTUM, 0), 2);
    double largestMomentumTerm = 0;
    for (NamedTensor t : plain1.trainable()) {
      float[] start = p0.get(t.name());
      float[] p1 = t.values();
      float[] q2 = plain2.parameter(t.name()).values();
      float[] m1 = momentum1.parameter(t.name()).values();
      float[] m2 = momentum2.parameter(t.name()).values();
      for (int i = 0; i < p1.length; i++) {
        assertEquals(p1[i], m1[i], 1e-6, "first step of " + t.name() + "[" + i + "]");
        double term = MOMENTUM * (p1[i] - start[i]);
        largestMomentumTerm = Math.max(largestMomentumTerm, Math.abs(term));
        assertEquals(q2[i] + term, m2[i], 2e-6, "second step of " + t.name() + "[" + i + "]");
      }
    }
    assertTrue(largestMomentumTerm > 1e-3, "the momentum term must matter: " + largestMomentumTerm);
  }

  @Test
  void weightDecayIsAddedToTheGradient() {
    double decay = 0.5;
    Map<String, float[]> p0 = ModelZoo.create(SPEC).initialValues(SEED);
    Checkpoint plain = train(OptimizerSpec.sgd(MOMENTUM, 0), 1);
    Checkpoint decayed = train(OptimizerSpec.sgd(MOMENTUM, decay), 1);
    for (NamedTensor t : plain.trainable()) {
      float[] start = p0.get(t.name());
      float[] p1 = t.values();
      float[] d1 = decayed.parameter(t.name()).values();
      for (int i = 0; i < p1.length; i++) {
        assertEquals(p1[i] - LR * decay * start[i], d1[i], 1e-6, t.name() + "[" + i + "]");
      }
    }
  }

  @Test
  void learnsAndResumesExactly(@TempDir Path dir) {
    Split test = SyntheticImages.quadrants(256, 42);
    TrainingConfig config = TrainingConfig.adamW(3, 32, 5).withLearningRate(0.02);
    Trainer trainer =
        new Trainer(OrtSettings.cpu(), null).withOptimizer(OptimizerSpec.sgd(MOMENTUM, 1e-4));
    Checkpoint uninterrupted;
    try (TrainedModel model =
        trainer.train(SPEC, LOSS, config, SyntheticImages.quadrants(640, 11), test)) {
      assertTrue(model.history().get(2).testAccuracy() > 0.9, model.history().toString());
      uninterrupted = model.parameters();
    }
    Path file = dir.resolve("sgd.ckpt");
    try (TrainedModel first =
        trainer.checkpointingTo(file)
            .train(SPEC, LOSS, config.withEpochs(1), SyntheticImages.quadrants(640, 11), null)) {
      assertEquals(1, first.history().size());
    }
    try (TrainedModel resumed =
        trainer.resume(SPEC, LOSS, config, SyntheticImages.quadrants(640, 11), null, file)) {
      assertEquals(uninterrupted, resumed.parameters(), "resumed SGD run");
    }
  }
}
