package org.ecoc4j.backends.ort;

import static org.ecoc4j.backends.ort.GradientChecker.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.data.Split;
import org.ecoc4j.api.random.Seeds;
import org.ecoc4j.api.symbolic.BatchMixing;
import org.ecoc4j.api.training.TrainingData;
import org.ecoc4j.api.training.TrainingStage;
import org.ecoc4j.backends.onnx.autodiff.Differentiator;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;
import org.ecoc4j.backends.onnx.training.Checkpoint;
import org.ecoc4j.backends.onnx.training.NamedTensor;
import org.ecoc4j.backends.onnx.training.OptimizerSpec;
import org.ecoc4j.backends.onnx.training.TrainingArtifacts;
import org.ecoc4j.backends.onnx.zoo.ModelZoo;
import org.ecoc4j.backends.onnx.zoo.ParameterInitializer;
import org.ecoc4j.backends.onnx.zoo.ParameterSpec;
import org.ecoc4j.backends.onnx.zoo.ZooModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training stage whose batch mixing is drawn per step (mixup's): the training model reads the
 * step's matrix from one input that the images' mixing and the loss's mixed labels share; its
 * gradients through that input agree with finite differences; a step is exactly the step of the
 * constant mixing equal to that step's draw (the gradient is unchanged); the mixing changes from
 * step to step; a resumed run reaches the uninterrupted run's weights; misuse is refused.
 */
class StepMixingTest {

  private static final ImageShape SHAPE = SyntheticImages.SHAPE;
  private static final int BATCH = 16;
  private static final Split DATA = SyntheticImages.quadrants(48, 29);
  private static final Map<String, String> QUIET = Map.of("progress", "false");

  /** Mixup-like: {@code lambda I + (1 - lambda) P}, lambda uniform, P a random permutation. */
  private static float[] mixup(int batch, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int[] partner = new int[batch];
    for (int b = 0; b < batch; b++) {
      partner[b] = b;
    }
    for (int b = batch - 1; b > 0; b--) {
      int j = random.nextInt(b + 1);
      int t = partner[b];
      partner[b] = partner[j];
      partner[j] = t;
    }
    float lambda = (float) random.nextDouble();
    float[] m = new float[batch * batch];
    for (int b = 0; b < batch; b++) {
      m[b * batch + b] += lambda;
      m[b * batch + partner[b]] += 1 - lambda;
    }
    return m;
  }

  private static final BatchMixing DRAWN = BatchMixing.drawnPerStep(BATCH, BATCH,
      seed -> mixup(BATCH, seed));

  /** Cross-entropy of the mixed images' logits to the labels mixed the same way. */
  private static LossSpec mixedLabels(BatchMixing mixing) {
    return LossSpec.crossEntropy(SyntheticImages.CLASSES).withTermLoss("mixed labels",
        t -> t.neg(t.rowSum(t.mul(t.mixRows(mixing, t.labels()), t.logSoftmax(t.outputs())))));
  }

  private static TrainingStage stage(BatchMixing mixing, int epochs) {
    return TrainingStage.of("mixed", mixedLabels(mixing),
            TrainingConfig.adamW(epochs, BATCH, 3).withLearningRate(3e-3))
        .withBatchMixing(mixing);
  }

  private static Checkpoint train(TrainingStage stage, Map<String, String> options) {
    ModelSpec spec = new ModelSpec("lenet", SHAPE, SyntheticImages.CLASSES, 1);
    try (TrainedModel model = (TrainedModel) new OrtBackend()
        .train(spec, List.of(stage), TrainingData.of(DATA, null), options)) {
      return model.parameters();
    }
  }

  private static double largestDifference(Checkpoint a, Checkpoint b) {
    double worst = 0;
    for (NamedTensor e : a.trainable()) {
      float[] x = e.values();
      float[] y = b.parameter(e.name()).values();
      for (int i = 0; i < x.length; i++) {
        worst = Math.max(worst, Math.abs(x[i] - y[i]));
      }
    }
    return worst;
  }

  @Test
  void gradientsThroughTheStepMixingInputMatchFiniteDifferences() {
    BatchMixing drawn = BatchMixing.drawnPerStep(4, 3, seed -> uniform(12, seed));
    ModelSpec spec = new ModelSpec("lenet", new ImageShape(1, 12, 12), 5, 1)
        .withInputMixing(drawn);
    ZooModel model = ModelZoo.create(spec);
    List<GradientChecker.Input> inputs = new ArrayList<>();
    inputs.add(GradientChecker.Input.floats("images", uniform(3 * 144, 2), 3, 1, 12, 12));
    inputs.add(GradientChecker.Input.floats(GraphBuilder.STEP_MIXING,
        drawn.draw(11).matrix(), 4, 3));
    Map<String, float[]> values = ParameterInitializer.initialize(model.parameters(), 4);
    for (ParameterSpec p : model.parameters()) {
      inputs.add(GradientChecker.Input.frozen(p.name(), values.get(p.name()), p.dims()));
    }
    new GradientChecker(1e-3, 1e-2, 5e-2, 32).check(inputs, g -> {
      String scores = model.forward(g, "images", false).output();
      assertEquals(GraphBuilder.STEP_MIXING, g.stepMixing(drawn),
          "the forward pass read the step mixing the checker declared");
      return scores;
    });
  }

  @Test
  void theTrainingModelTakesOneStepMixingInputSharedByImagesAndLabels() throws Exception {
    ModelSpec spec = new ModelSpec("lenet", SHAPE, SyntheticImages.CLASSES, 1);
    TrainingConfig config = TrainingConfig.adamW(1, BATCH, 3);
    TrainingArtifacts artifacts = TrainingArtifacts.build(
        ModelZoo.create(spec.withInputMixing(DRAWN)), ModelZoo.create(spec), mixedLabels(DRAWN),
        config, OptimizerSpec.adamW(config), Differentiator.standard());
    assertEquals(DRAWN, artifacts.stepMixing().orElseThrow());
    ModelProto training = ModelProto.parseFrom(artifacts.trainingModel());
    List<String> names = training.getGraph().getInputList().stream()
        .map(i -> i.getName()).toList();
    assertEquals(List.of(TrainingArtifacts.IMAGES, TrainingArtifacts.LABELS,
        GraphBuilder.STEP_MIXING), names.subList(0, 3));
    assertEquals(1, names.stream().filter(GraphBuilder.STEP_MIXING::equals).count());
    ModelProto eval = ModelProto.parseFrom(artifacts.evalModel());
    assertTrue(eval.getGraph().getInputList().stream()
        .noneMatch(i -> i.getName().equals(GraphBuilder.STEP_MIXING)), "eval takes no mixing");
  }

  @Test
  void aStepIsTheStepOfTheConstantMixingItDrew() {
    // one batch of 16 images: one step (epoch 1, batch 0, the run's seed 3); then 48 images:
    // three steps
    TrainingStage drawn = stage(DRAWN, 1);
    BatchMixing first = DRAWN.draw(Seeds.forBatchMixing(3, 1, 0));
    TrainingStage constant = stage(first, 1);
    Map<String, String> oneStep = Map.of("progress", "false");
    Checkpoint a = trainOneBatch(drawn, oneStep);
    Checkpoint b = trainOneBatch(constant, oneStep);
    assertEquals(0, largestDifference(a, b), 1e-7, "the same step, the same update");
    assertNotEquals(0, largestDifference(train(drawn, QUIET), train(constant, QUIET)),
        "later steps draw other mixings than the first");
  }

  private static Checkpoint trainOneBatch(TrainingStage stage, Map<String, String> options) {
    ModelSpec spec = new ModelSpec("lenet", SHAPE, SyntheticImages.CLASSES, 1);
    Split batch = SyntheticImages.quadrants(BATCH, 29);
    try (TrainedModel model = (TrainedModel) new OrtBackend()
        .train(spec, List.of(stage), TrainingData.of(batch, null), options)) {
      return model.parameters();
    }
  }

  @Test
  void resumingMidStageReachesTheUninterruptedWeights(@TempDir Path dir) {
    TrainingStage two = stage(DRAWN, 2);
    Checkpoint uninterrupted = train(two, QUIET);
    Path mid = dir.resolve("mid.ckpt");
    train(two.withConfig(two.config().withEpochs(1)),
        Map.of("progress", "false", "checkpoint", mid.toString()));
    assertEquals(uninterrupted,
        train(two, Map.of("progress", "false", "resume-from", mid.toString())));
  }

  @Test
  void misuseIsRefused() {
    ModelSpec spec = new ModelSpec("lenet", SHAPE, SyntheticImages.CLASSES, 1);
    TrainingConfig config = TrainingConfig.adamW(1, BATCH, 3);
    ZooModel mixed = ModelZoo.create(spec.withInputMixing(DRAWN));
    IllegalArgumentException deployed = assertThrows(IllegalArgumentException.class,
        () -> TrainingArtifacts.build(mixed, LossSpec.crossEntropy(4), config));
    assertTrue(deployed.getMessage().contains("training only"), deployed.getMessage());
    IllegalArgumentException lossOnly = assertThrows(IllegalArgumentException.class,
        () -> TrainingArtifacts.build(ModelZoo.create(spec), mixedLabels(DRAWN), config));
    assertTrue(lossOnly.getMessage().contains("drawn per step"), lossOnly.getMessage());
    BatchMixing other = BatchMixing.drawnPerStep(BATCH, BATCH, seed -> mixup(BATCH, seed + 1));
    IllegalArgumentException two = assertThrows(IllegalArgumentException.class,
        () -> TrainingArtifacts.build(mixed, ModelZoo.create(spec), mixedLabels(other), config,
            OptimizerSpec.adamW(config), Differentiator.standard()));
    assertTrue(two.getMessage().contains("cannot read another mixing"), two.getMessage());
  }
}
