package org.ecoc4j.backends.ort;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.codebook.CodeTable;
import org.ecoc4j.api.data.Augmentation;
import org.ecoc4j.api.data.Split;
import org.ecoc4j.api.symbolic.Term;
import org.ecoc4j.api.training.DataView;
import org.ecoc4j.api.training.TrainingData;
import org.ecoc4j.api.training.TrainingProgress;
import org.ecoc4j.api.training.TrainingStage;
import org.ecoc4j.backends.onnx.training.Checkpoint;
import org.ecoc4j.backends.onnx.training.NamedTensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Multi-stage runs of the training loop on the ort backend. */
class StagesTest {

  private static final ModelSpec SPEC = new ModelSpec("lenet", SyntheticImages.SHAPE, 4, 1);
  private static final LossSpec LOSS = LossSpec.crossEntropy(4);
  private static final Split DATA = SyntheticImages.quadrants(96, 23);
  private static final Map<String, String> QUIET = Map.of("progress", "false");
  private static final TrainingStage FIRST =
      TrainingStage.of("first", LOSS, TrainingConfig.adamW(2, 32, 5).withLearningRate(3e-3));
  /** A stage whose steps are far below float precision: it ends where it starts. */
  private static final TrainingStage STILL =
      TrainingStage.of("still", LOSS, TrainingConfig.adamW(1, 32, 6).withLearningRate(1e-20));

  private final OrtBackend backend = new OrtBackend();

  private Checkpoint train(List<TrainingStage> stages, Map<String, String> options) {
    try (TrainedModel model =
        (TrainedModel) backend.train(SPEC, stages, TrainingData.of(DATA, null), options)) {
      return model.parameters();
    }
  }

  private static void assertSameWeights(Checkpoint expected, Checkpoint actual, double tolerance) {
    for (NamedTensor e : expected.trainable()) {
      float[] a = actual.parameter(e.name()).values();
      float[] v = e.values();
      for (int i = 0; i < v.length; i++) {
        assertEquals(v[i], a[i], tolerance, e.name() + "[" + i + "]");
      }
    }
  }

  @Test
  void aStageFromThePreviousWeightsContinuesThemAndOneFromScratchDoesNot() {
    Checkpoint first = train(List.of(FIRST), QUIET);
    assertSameWeights(first, train(List.of(FIRST, STILL.fromPreviousWeights()), QUIET), 1e-6);
    Checkpoint scratch = train(List.of(STILL), QUIET);
    assertSameWeights(scratch, train(List.of(FIRST, STILL), QUIET), 1e-6);
    assertNotEquals(first, scratch);
  }

  @Test
  void resumingAtAStageBoundaryOrMidStageReachesTheUninterruptedWeights(@TempDir Path dir) {
    TrainingStage second =
        TrainingStage.of("second", LOSS, TrainingConfig.adamW(2, 32, 7)).fromPreviousWeights();
    List<TrainingStage> stages = List.of(FIRST, second);
    Checkpoint uninterrupted = train(stages, QUIET);
    Path boundary = dir.resolve("boundary.ckpt");
    train(List.of(FIRST), Map.of("progress", "false", "checkpoint", boundary.toString()));
    assertEquals(uninterrupted,
        train(stages, Map.of("progress", "false", "resume-from", boundary.toString())));
    Path mid = dir.resolve("mid.ckpt");
    // a constant schedule: the first epoch of a 1-epoch stage is the first of the 2-epoch stage
    train(List.of(FIRST, second.withConfig(second.config().withEpochs(1))),
        Map.of("progress", "false", "checkpoint", mid.toString()));
    assertEquals(new TrainingProgress(1, 1),
        new OrtTrainingEngine(OrtSettings.cpu(), s -> null, c -> null).progress(mid));
    assertEquals(uninterrupted,
        train(stages, Map.of("progress", "false", "resume-from", mid.toString())));
  }

  @Test
  void twoIdenticalViewsStackedTrainAsOneViewOfTheBatch() {
    // lenet has no dropout and the data no augmentation: the stacked batch holds every row twice,
    // so the batch-mean cross-entropy and its gradient are those of one view
    TrainingStage twoViews = FIRST.withViews(
        List.of(DataView.dataset(), DataView.augmentedBy(Augmentation.NONE)));
    assertSameWeights(train(List.of(FIRST), QUIET), train(List.of(twoViews), QUIET), 1e-5);
  }

  @Test
  void resumingATwoViewStageMidStageReachesTheUninterruptedWeights(@TempDir Path dir) {
    List<DataView> views = List.of(DataView.dataset(), DataView.augmentedBy(
        (batch, seed) -> {
          float[] x = batch.images();
          java.util.Random random = new java.util.Random(seed);
          for (int i = 0; i < batch.size() * batch.shape().size(); i++) {
            x[i] += 0.1f * (float) random.nextGaussian();
          }
        }));
    TrainingStage twoViews = TrainingStage.of("views", LOSS, TrainingConfig.adamW(2, 32, 8))
        .withViews(views);
    Checkpoint uninterrupted = train(List.of(twoViews), QUIET);
    Path mid = dir.resolve("mid.ckpt");
    train(List.of(twoViews.withConfig(twoViews.config().withEpochs(1))),
        Map.of("progress", "false", "checkpoint", mid.toString()));
    assertEquals(uninterrupted,
        train(List.of(twoViews), Map.of("progress", "false", "resume-from", mid.toString())));
  }

  @Test
  void aStepWithTheWrongNumberOfViewsIsRefusedNamingBoth() {
    TrainingStage twoViews = FIRST.withViews(
        List.of(DataView.dataset(), DataView.augmentedBy(Augmentation.NONE)));
    OrtTrainingEngine engine = new OrtTrainingEngine(OrtSettings.cpu(),
        org.ecoc4j.backends.onnx.zoo.ModelZoo::create,
        org.ecoc4j.backends.onnx.training.OptimizerSpec::adamW);
    try (var network = engine.start(SPEC, twoViews, 0, null)) {
      org.ecoc4j.api.data.Batch batch = new org.ecoc4j.api.data.Batch(DATA.shape(), 32);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> network.step(List.of(batch),
              new org.ecoc4j.api.training.StepContext(0, 0, 0, 1, 1e-3, 1)));
      assertTrue(e.getMessage().contains("2 views of each batch, got 1"), e.getMessage());
    }
  }

  /** Class means of the outputs; the stage's loss the cross-entropy of cosines with them. */
  private static final class ClassMeans implements org.ecoc4j.api.training.StagePreparation {
    final java.util.List<float[]> seen = new java.util.ArrayList<>();

    @Override
    public CodeTable generate(float[] outputs, int[] labels) {
      seen.add(outputs.clone());
      int n = SPEC.outputs();
      float[][] rows = new float[n][n];
      int[] counts = new int[n];
      for (int i = 0; i < labels.length; i++) {
        counts[labels[i]]++;
        for (int j = 0; j < n; j++) {
          rows[labels[i]][j] += outputs[i * n + j];
        }
      }
      for (int c = 0; c < n; c++) {
        for (int j = 0; j < n; j++) {
          rows[c][j] /= counts[c];
        }
      }
      return CodeTable.of(rows);
    }

    @Override
    public LossSpec loss(CodeTable generated) {
      float[] codes = generated.toFloatArray();
      int n = generated.classes();
      return LossSpec.codeTable(generated).withTermLoss("cosine cross-entropy", t -> {
        Term s = t.cosines(t.outputs(), t.matrix(codes, n, generated.length()));
        return t.sub(t.rowLogSumExp(s, t.constant(1f)), t.rowSum(t.mul(s, t.labels())));
      });
    }
  }

  @Test
  void aPreparedStageTrainsAgainstTheTableOfThePreviousOutputsAndResumesInsideIt(
      @TempDir Path dir) {
    Split generation = SyntheticImages.quadrants(32, 29);
    ClassMeans preparation = new ClassMeans();
    TrainingStage tune = TrainingStage.of("tune", LossSpec.crossEntropy(4),
        TrainingConfig.adamW(2, 32, 9).withLearningRate(3e-3)).fromPreviousWeights()
        .withPreparation(preparation);
    TrainingData data = TrainingData.of(DATA, null).withGeneration(generation);
    float[] firstOutputs;
    try (TrainedModel first =
        (TrainedModel) backend.train(SPEC, List.of(FIRST), TrainingData.of(DATA, null), QUIET)) {
      float[] images = new float[generation.size() * generation.shape().size()];
      for (int i = 0; i < generation.size(); i++) {
        generation.copyImage(i, images, i * generation.shape().size());
      }
      firstOutputs = first.scores(images, generation.size());
    }
    Checkpoint uninterrupted;
    try (TrainedModel model =
        (TrainedModel) backend.train(SPEC, List.of(FIRST, tune), data, QUIET)) {
      uninterrupted = model.parameters();
      assertEquals(Optional.of(new TrainingProgress(1, 2)), model.position());
    }
    assertArrayEquals(firstOutputs, preparation.seen.get(0),
        "the preparation reads the first stage's outputs on the generation split");
    Path mid = dir.resolve("mid.ckpt");
    try (var partial = backend.train(SPEC,
        List.of(FIRST, tune.withConfig(tune.config().withEpochs(1))), data,
        Map.of("progress", "false", "checkpoint", mid.toString()))) {
      assertEquals(3, partial.history().size(), "two epochs of the first stage, one of the next");
    }
    assertEquals(2, preparation.seen.size());
    try (TrainedModel resumed = (TrainedModel) backend.train(SPEC, List.of(FIRST, tune), data,
        Map.of("progress", "false", "resume-from", mid.toString()))) {
      assertEquals(uninterrupted, resumed.parameters(),
          "resumed inside the prepared stage, against the saved table, bit for bit");
    }
    assertEquals(2, preparation.seen.size(), "the resumed run reads the table back");
    assertTrue(dir.resolve("mid.ckpt.stage1.table").toFile().delete());
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> backend.train(SPEC, List.of(FIRST, tune), data,
            Map.of("progress", "false", "resume-from", mid.toString())));
    assertTrue(missing.getMessage().contains("mid.ckpt.stage1.table"), missing.getMessage());
  }
}
