package org.ecoc4j.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.ecoc4j.api.backend.EpochSummary;
import org.ecoc4j.api.backend.LearningRateSchedule;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.backend.TrainedNetwork;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.codebook.CodeTable;
import org.ecoc4j.api.data.Augmentation;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.data.Split;
import org.ecoc4j.api.training.DataView;
import org.ecoc4j.api.training.StagePreparation;
import org.ecoc4j.api.training.TrainingData;
import org.ecoc4j.api.training.TrainingProgress;
import org.ecoc4j.api.symbolic.BatchMixing;
import org.ecoc4j.api.symbolic.BlockMixing;
import org.ecoc4j.api.training.TrainingStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The training loop driving the in-memory {@link LinearEngine}: the loop is backend-neutral. */
class TrainingLoopTest {

  private static final ImageShape SHAPE = new ImageShape(1, 2, 2);
  private static final int CLASSES = 3;
  private static final ModelSpec MODEL = new ModelSpec("linear", SHAPE, CLASSES, 1);
  private static final LossSpec LOSS = LossSpec.crossEntropy(CLASSES);
  private static final Split TRAIN = separable("train", 90, 1);
  private static final Split TEST = separable("test", 30, 2);

  @TempDir Path dir;

  /** Class c lights pixel c; the fourth pixel and the rest are noise. */
  static Split separable(String name, int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] images = new float[count * SHAPE.size()];
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      labels[i] = i % CLASSES;
      for (int p = 0; p < SHAPE.size(); p++) {
        images[i * SHAPE.size() + p] =
            (float) (p == labels[i] ? 0.7 + 0.3 * random.nextDouble() : 0.3 * random.nextDouble());
      }
    }
    return Split.inMemory(name, SHAPE, CLASSES, images, labels);
  }

  private static TrainingConfig config(int epochs, long seed) {
    return TrainingConfig.adamW(epochs, 8, seed).withLearningRate(0.5);
  }

  private static TrainingData data() {
    return TrainingData.of(TRAIN, TEST);
  }

  @Test
  void oneStageLearnsAndReportsEveryEpoch() {
    LinearEngine engine = new LinearEngine();
    try (TrainedNetwork net =
        new TrainingLoop(engine).run(MODEL, List.of(TrainingStage.of("train", LOSS, config(3, 4))),
            data())) {
      assertEquals(List.of(1, 2, 3), net.history().stream().map(h -> h.epoch()).toList());
      assertTrue(net.history().get(2).testAccuracy() > 0.9, net.history().toString());
      assertTrue(net.history().get(2).trainLoss() < net.history().get(0).trainLoss());
      assertEquals(3 * (90 / 8), engine.steps.size());
    }
  }

  @Test
  void stagesRunInOrderEachForItsEpochs() {
    LinearEngine engine = new LinearEngine();
    List<TrainingStage> stages = List.of(
        TrainingStage.of("first", LOSS, config(2, 1)),
        TrainingStage.of("second", LOSS, config(1, 2)).fromPreviousWeights(),
        TrainingStage.of("third", LOSS, config(3, 3)));
    try (TrainedNetwork net = new TrainingLoop(engine).run(MODEL, stages, data())) {
      assertEquals(List.of(1, 2, 1, 1, 2, 3), net.history().stream().map(h -> h.epoch()).toList());
    }
    List<int[]> positions = new ArrayList<>();
    for (LinearEngine.Step step : engine.steps) {
      int[] at = {step.context().stage(), step.context().epoch()};
      if (positions.isEmpty() || !Arrays.equals(positions.get(positions.size() - 1), at)) {
        positions.add(at);
      }
    }
    assertEquals(
        List.of("0/1", "0/2", "1/1", "2/1", "2/2", "2/3"),
        positions.stream().map(p -> p[0] + "/" + p[1]).toList());
    assertEquals(List.of(0, 1, 2), engine.starts.stream().map(s -> s.stage()).toList());
    assertEquals(2, engine.closed, "each stage's network but the last is closed");
  }

  @Test
  void aStageStartsFromThePreviousWeightsOrFromScratch() {
    TrainingStage first = TrainingStage.of("first", LOSS, config(2, 1));
    TrainingStage next = TrainingStage.of("next", LOSS, config(1, 2));
    LinearEngine continuing = new LinearEngine();
    double[] firstEnd;
    try (TrainedNetwork alone =
        new TrainingLoop(new LinearEngine()).run(MODEL, List.of(first), data())) {
      firstEnd = ((LinearEngine.Trained) alone).weights();
    }
    new TrainingLoop(continuing)
        .run(MODEL, List.of(first, next.fromPreviousWeights()), data()).close();
    assertArrayEquals(firstEnd, continuing.starts.get(1).weights());

    LinearEngine restarting = new LinearEngine();
    new TrainingLoop(restarting).run(MODEL, List.of(first, next), data()).close();
    LinearEngine scratch = new LinearEngine();
    new TrainingLoop(scratch).run(MODEL, List.of(next), data()).close();
    assertArrayEquals(scratch.starts.get(0).weights(), restarting.starts.get(1).weights());
    assertFalse(Arrays.equals(firstEnd, restarting.starts.get(1).weights()));
  }

  /** Where a run is interrupted: stage, epoch, batch after which the step interrupts. */
  static Stream<Arguments> interruptions() {
    return Stream.of(
        Arguments.of(0, 1, 10), Arguments.of(0, 2, 3), Arguments.of(0, 2, 10),
        Arguments.of(1, 1, 0), Arguments.of(1, 2, 10), Arguments.of(2, 1, 5));
  }

  @ParameterizedTest
  @MethodSource("interruptions")
  void resumingAnInterruptedRunReachesTheUninterruptedWeightsExactly(
      int stage, int epoch, int batch) {
    Augmentation jitter = (b, seed) -> {
      SplittableRandom random = new SplittableRandom(seed);
      for (int i = 0; i < b.size() * SHAPE.size(); i++) {
        b.images()[i] = (float) Math.min(1, b.images()[i] + 0.05 * random.nextDouble());
      }
    };
    List<TrainingStage> stages = List.of(
        TrainingStage.of("pre", LOSS, config(2, 5).withSchedule(LearningRateSchedule.cosine())),
        TrainingStage.of("tune", LOSS, config(3, 6).withSchedule(LearningRateSchedule.step(1, 0.5)))
            .fromPreviousWeights(),
        TrainingStage.of("last", LOSS, config(2, 7)).fromPreviousWeights());
    TrainingData data = data().augmentedBy(jitter);
    double[] uninterrupted;
    List<EpochSummary> fullHistory;
    try (TrainedNetwork net = new TrainingLoop(new LinearEngine()).run(MODEL, stages, data)) {
      uninterrupted = ((LinearEngine.Trained) net).weights();
      fullHistory = net.history();
    }
    Path checkpoint = dir.resolve("run.ckpt");
    LinearEngine interrupted = new LinearEngine();
    interrupted.interruptAfter = new int[] {stage, epoch, batch};
    TrainingLoop loop = new TrainingLoop(interrupted).checkpointingTo(checkpoint);
    TrainingInterruptedException stop =
        assertThrows(TrainingInterruptedException.class, () -> loop.run(MODEL, stages, data));
    assertTrue(Thread.interrupted(), "the interrupt flag stays set for the caller");
    assertFalse(Files.exists(dir.resolve("run.ckpt.tmp")));
    int stageReached = stop.stage();
    assertTrue(stageReached >= stage, stop.getMessage());
    try (TrainedNetwork resumed =
        new TrainingLoop(new LinearEngine()).checkpointingTo(checkpoint)
            .resume(MODEL, stages, data, checkpoint)) {
      assertArrayEquals(uninterrupted, ((LinearEngine.Trained) resumed).weights());
      List<EpochLog.Entry> log = EpochLog.read(EpochLog.of(checkpoint));
      assertEquals(fullHistory.size(), log.size(), "the log holds the epochs before the resume");
      assertEquals(List.of(0, 0, 1, 1, 1, 2, 2), log.stream().map(EpochLog.Entry::stage).toList());
      for (int i = 0; i < log.size(); i++) {
        EpochSummary expected = fullHistory.get(i);
        EpochSummary logged = log.get(i).summary();
        assertEquals(expected.epoch(), logged.epoch());
        assertEquals(expected.trainLoss(), logged.trainLoss(), "exact round trip of epoch " + i);
        assertEquals(expected.trainAccuracy(), logged.trainAccuracy());
      }
    }
  }

  @Test
  void theScheduleFactorOfEveryStepReachesTheBackend() {
    LinearEngine engine = new LinearEngine();
    TrainingConfig stepped = config(3, 1).withSchedule(LearningRateSchedule.step(1, 0.5));
    TrainingConfig cosine = config(2, 2).withSchedule(LearningRateSchedule.cosine());
    new TrainingLoop(engine)
        .run(MODEL, List.of(TrainingStage.of("a", LOSS, stepped), TrainingStage.of("b", LOSS, cosine)),
            data())
        .close();
    int batches = 90 / 8;
    for (LinearEngine.Step step : engine.steps) {
      var c = step.context();
      TrainingConfig config = c.stage() == 0 ? stepped : cosine;
      assertEquals(0.5, c.baseLearningRate());
      assertEquals(
          config.schedule().factor(c.epoch(), config.epochs(), c.batch(), batches),
          c.scheduleFactor());
    }
    assertEquals(0.5, engine.steps.get(0).context().learningRate());
    assertEquals(0.25, engine.steps.get(batches).context().learningRate());
    assertEquals(0.125, engine.steps.get(2 * batches).context().learningRate());
    LinearEngine.Step cosineMiddle = engine.steps.get(3 * batches + batches);
    assertEquals(0.5 * 0.5 * (1 + Math.cos(Math.PI * batches / (2.0 * batches))),
        cosineMiddle.context().learningRate(), 1e-12);
  }

  @Test
  void aLossThatIsNotFiniteStopsTrainingAndClosesTheNetwork() {
    LinearEngine engine = new LinearEngine();
    engine.divergeAt = new int[] {0, 2, 1};
    TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
        () -> new TrainingLoop(engine)
            .run(MODEL, List.of(TrainingStage.of("train", LOSS, config(3, 1))), data()));
    assertEquals("training diverged: loss NaN at epoch 2, batch 1", e.getMessage());
    assertEquals(90 / 8 + 2, engine.steps.size(), "no step after the divergent one");
    assertEquals(1, engine.closed);
  }

  /** The documented rule of {@link TrainingConfig}, written out independently. */
  private static int[] documentedOrder(int size, long seed, int epoch) {
    int[] order = new int[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    SplittableRandom random = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * epoch));
    for (int i = size - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  static Stream<Long> seeds() {
    return new SplittableRandom(11).longs(5).boxed();
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void batchesFollowTheDocumentedOrderAndLeaveOutTheLastIncompleteBatch(long seed) {
    LinearEngine engine = new LinearEngine();
    new TrainingLoop(engine)
        .run(MODEL, List.of(TrainingStage.of("train", LOSS, config(2, seed))), data()).close();
    int batches = 90 / 8;
    for (int epoch = 1; epoch <= 2; epoch++) {
      int[] expected = Arrays.copyOf(documentedOrder(90, seed, epoch), batches * 8);
      int[] seen = engine.steps.subList((epoch - 1) * batches, epoch * batches).stream()
          .flatMapToInt(s -> Arrays.stream(s.indices())).toArray();
      assertArrayEquals(expected, seen, "epoch " + epoch);
    }
    LinearEngine plain = new LinearEngine();
    TrainingConfig unshuffled = new TrainingConfig(1, 8, 0.5, 0, 0.9, 0.999, 1e-8, seed, false,
        LearningRateSchedule.constant());
    new TrainingLoop(plain).run(MODEL, List.of(TrainingStage.of("t", LOSS, unshuffled)), data())
        .close();
    int[] natural = plain.steps.stream().flatMapToInt(s -> Arrays.stream(s.indices())).toArray();
    int[] expected = new int[batches * 8];
    Arrays.setAll(expected, i -> i);
    assertArrayEquals(expected, natural);
  }

  @Test
  void aLaterStageWithTheSameSeedSeesAnotherOrder() {
    LinearEngine engine = new LinearEngine();
    new TrainingLoop(engine)
        .run(MODEL, List.of(TrainingStage.of("a", LOSS, config(1, 3)),
            TrainingStage.of("b", LOSS, config(1, 3))), data()).close();
    int batches = 90 / 8;
    assertFalse(Arrays.equals(engine.steps.get(0).indices(), engine.steps.get(batches).indices()));
    assertEquals(StageSeeds.of(config(1, 3), 1), engine.steps.get(batches).context().seed());
    assertEquals(3, engine.steps.get(0).context().seed());
  }

  @Test
  void augmentationChangesTrainingBatchesOnlyAndEachViewDrawsItsOwn() {
    List<Long> seedsSeen = new ArrayList<>();
    Augmentation invert = (b, seed) -> {
      seedsSeen.add(seed);
      for (int i = 0; i < b.size() * SHAPE.size(); i++) {
        b.images()[i] = 1 - b.images()[i];
      }
    };
    Augmentation mark = (b, seed) -> {
      float value = (float) new SplittableRandom(seed).nextDouble();
      for (int i = 0; i < b.size(); i++) {
        b.images()[b.offset(i)] = value;
      }
    };
    LinearEngine engine = new LinearEngine();
    TrainingStage twoViews = TrainingStage.of("contrast", LOSS, config(1, 9))
        .withViews(List.of(DataView.dataset(), DataView.augmentedBy(mark), DataView.augmentedBy(mark)));
    new TrainingLoop(engine).run(MODEL, List.of(twoViews), data().augmentedBy(invert)).close();
    float[] original = new float[SHAPE.size()];
    for (LinearEngine.Step step : engine.steps) {
      float[] first = step.views().get(0);
      for (int i = 0; i < step.indices().length; i++) {
        TRAIN.copyImage(step.indices()[i], original, 0);
        for (int p = 0; p < SHAPE.size(); p++) {
          assertEquals(1 - original[p], first[i * SHAPE.size() + p], "the dataset's view");
        }
        assertEquals(original[1], step.views().get(1)[i * SHAPE.size() + 1], "own view");
      }
      assertNotEquals(step.views().get(1)[0], step.views().get(2)[0], "views draw their own seeds");
    }
    assertEquals(engine.steps.size(), seedsSeen.size());
    assertEquals(engine.steps.size(), new HashSet<>(seedsSeen).size(), "one seed per batch");
    assertEquals(1, engine.classified.size());
    assertSame(TEST, engine.classified.get(0), "the test split reaches evaluation unaugmented");
  }

  @Test
  void refusesRunsThatCannotStart() {
    LinearEngine engine = new LinearEngine();
    TrainingLoop loop = new TrainingLoop(engine);
    IllegalArgumentException previous = assertThrows(IllegalArgumentException.class,
        () -> loop.run(MODEL, List.of(TrainingStage.of("tune", LOSS, config(1, 1))
            .fromPreviousWeights()), data()));
    assertTrue(previous.getMessage().contains("stage 'tune'"), previous.getMessage());
    assertThrows(IllegalArgumentException.class, () -> loop.run(MODEL, List.of(), data()));
    IllegalArgumentException batch = assertThrows(IllegalArgumentException.class,
        () -> loop.run(MODEL, List.of(TrainingStage.of("t", LOSS,
            TrainingConfig.adamW(1, 91, 1))), data()));
    assertEquals("batch size 91 exceeds the 90 training samples", batch.getMessage());
    IllegalArgumentException classes = assertThrows(IllegalArgumentException.class,
        () -> loop.run(MODEL, List.of(TrainingStage.of("t", LossSpec.crossEntropy(4),
            config(1, 1))), data()));
    assertEquals("training data has 3 classes, the loss 4", classes.getMessage());
    IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
        () -> loop.run(MODEL, List.of(TrainingStage.of("t", LOSS, config(1, 1))),
            TrainingData.of(TRAIN, new NaNSplit(TEST))));
    assertEquals("test sample 0 has pixel NaN at 1", nan.getMessage());
    assertTrue(engine.starts.isEmpty(), "nothing was built");
  }

  /** A split whose first image has a NaN pixel (a file that changed after it was checked). */
  private record NaNSplit(Split inner) implements Split {
    @Override
    public String name() {
      return inner.name();
    }

    @Override
    public ImageShape shape() {
      return inner.shape();
    }

    @Override
    public int classes() {
      return inner.classes();
    }

    @Override
    public int size() {
      return inner.size();
    }

    @Override
    public int label(int index) {
      return inner.label(index);
    }

    @Override
    public void copyImage(int index, float[] into, int offset) {
      inner.copyImage(index, into, offset);
      if (index == 0) {
        into[offset + 1] = Float.NaN;
      }
    }
  }

  /** Class means of the outputs (Eq. 3 of contrastive ECOC), the loss a code table's; records its input. */
  private static final class ClassMeans implements StagePreparation {
    final List<float[]> seenOutputs = new ArrayList<>();
    final List<int[]> seenLabels = new ArrayList<>();

    @Override
    public CodeTable generate(float[] outputs, int[] labels) {
      seenOutputs.add(outputs.clone());
      seenLabels.add(labels.clone());
      return means(outputs, labels);
    }

    static CodeTable means(float[] outputs, int[] labels) {
      double[][] sums = new double[CLASSES][CLASSES];
      int[] counts = new int[CLASSES];
      for (int i = 0; i < labels.length; i++) {
        counts[labels[i]]++;
        for (int j = 0; j < CLASSES; j++) {
          sums[labels[i]][j] += outputs[i * CLASSES + j];
        }
      }
      float[][] rows = new float[CLASSES][CLASSES];
      for (int c = 0; c < CLASSES; c++) {
        for (int j = 0; j < CLASSES; j++) {
          rows[c][j] = (float) (sums[c][j] / counts[c]);
        }
      }
      return CodeTable.of(rows);
    }

    @Override
    public LossSpec loss(CodeTable generated) {
      return LossSpec.codeTable(generated);
    }
  }

  private static final Split GENERATION = separable("generation", 24, 3);

  @Test
  void aPreparedStageTrainsAgainstTheTableGeneratedFromThePreviousNetworkAndResumesWithIt() {
    TrainingStage pretrain = TrainingStage.of("pretrain", LOSS, config(2, 1));
    ClassMeans preparation = new ClassMeans();
    TrainingStage tune = TrainingStage.of("tune", LOSS, config(3, 2)).fromPreviousWeights()
        .withPreparation(preparation);
    assertEquals(Optional.of(preparation), tune.withConfig(config(1, 2)).preparation());
    List<TrainingStage> stages = List.of(pretrain, tune);
    TrainingData data = data().withGeneration(GENERATION);
    float[] pretrainedOutputs;
    try (TrainedNetwork alone =
        new TrainingLoop(new LinearEngine()).run(MODEL, List.of(pretrain), data())) {
      float[] images = new float[GENERATION.size() * SHAPE.size()];
      for (int i = 0; i < GENERATION.size(); i++) {
        GENERATION.copyImage(i, images, i * SHAPE.size());
      }
      pretrainedOutputs = alone.scores(images, GENERATION.size());
    }
    int[] labels = new int[GENERATION.size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = GENERATION.label(i);
    }
    LinearEngine engine = new LinearEngine();
    double[] uninterrupted;
    try (TrainedNetwork net = new TrainingLoop(engine).run(MODEL, stages, data)) {
      uninterrupted = ((LinearEngine.Trained) net).weights();
    }
    assertEquals(1, preparation.seenOutputs.size(), "generated once, between the stages");
    assertArrayEquals(pretrainedOutputs, preparation.seenOutputs.get(0));
    assertArrayEquals(labels, preparation.seenLabels.get(0));
    CodeTable expected = ClassMeans.means(pretrainedOutputs, labels);
    assertEquals(LOSS, engine.starts.get(0).declared().loss());
    assertEquals(LossSpec.codeTable(expected), engine.starts.get(1).declared().loss());
    assertEquals(Optional.empty(), engine.starts.get(1).declared().preparation());

    Path checkpoint = dir.resolve("run.ckpt");
    LinearEngine interrupted = new LinearEngine();
    interrupted.interruptAfter = new int[] {1, 2, 0};
    assertThrows(TrainingInterruptedException.class,
        () -> new TrainingLoop(interrupted).checkpointingTo(checkpoint).run(MODEL, stages, data));
    assertTrue(Thread.interrupted());
    assertEquals(new TrainingProgress(1, 1), interrupted.progress(checkpoint));
    assertEquals(2, preparation.seenOutputs.size());
    Path saved = GeneratedTables.of(checkpoint, 1);
    assertTrue(Files.isRegularFile(saved), "the table is saved with the checkpoint");
    LinearEngine resuming = new LinearEngine();
    Path elsewhere = dir.resolve("resumed.ckpt");
    try (TrainedNetwork resumed = new TrainingLoop(resuming).checkpointingTo(elsewhere)
        .resume(MODEL, stages, data, checkpoint)) {
      assertArrayEquals(uninterrupted, ((LinearEngine.Trained) resumed).weights());
    }
    assertEquals(2, preparation.seenOutputs.size(), "a resumed run reads the table back");
    assertEquals(LossSpec.codeTable(expected), resuming.resumed.get(0).loss(),
        "the resumed stage trains against the uninterrupted run's table, bit for bit");
    assertTrue(Files.isRegularFile(GeneratedTables.of(elsewhere, 1)),
        "carried over to the new checkpoint");

    assertTrue(saved.toFile().delete());
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> new TrainingLoop(new LinearEngine()).resume(MODEL, stages, data, checkpoint));
    assertTrue(missing.getMessage().contains("stage 'tune'")
        && missing.getMessage().contains(saved.toString()), missing.getMessage());
  }

  @Test
  void aPreparedStageNeedsAPreviousNetworkAndAGenerationSplit() {
    TrainingStage prepared = TrainingStage.of("tune", LOSS, config(1, 2))
        .withPreparation(new ClassMeans());
    LinearEngine engine = new LinearEngine();
    IllegalArgumentException first = assertThrows(IllegalArgumentException.class,
        () -> new TrainingLoop(engine).run(MODEL, List.of(prepared),
            data().withGeneration(GENERATION)));
    assertTrue(first.getMessage().contains("stage 'tune'")
        && first.getMessage().contains("first stage"), first.getMessage());
    List<TrainingStage> two = List.of(TrainingStage.of("pre", LOSS, config(1, 1)), prepared);
    IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
        () -> new TrainingLoop(engine).run(MODEL, two, data()));
    assertEquals("stage 'tune' generates its code table on a generation split, the training data"
        + " has none", none.getMessage());
    IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
        () -> new TrainingLoop(engine).run(MODEL, two, data().withGeneration(
            Split.inMemory("g", new ImageShape(1, 1, 4), CLASSES, new float[8],
                new int[] {0, 1}))));
    assertTrue(shape.getMessage().startsWith("generation images are"), shape.getMessage());
    assertTrue(engine.starts.isEmpty(), "nothing was built");
  }

  /**
   * A validation split on which accuracy rises, then falls: its first class is labelled right,
   * the others as the next class, so the longer the model learns, the more of it is wrong.
   */
  private static Split misleading() {
    Split base = separable("validation", 30, 4);
    float[] images = new float[base.size() * SHAPE.size()];
    int[] labels = new int[base.size()];
    for (int i = 0; i < base.size(); i++) {
      base.copyImage(i, images, i * SHAPE.size());
      labels[i] = base.label(i) == 0 ? 0 : (base.label(i) + 1) % CLASSES;
    }
    return Split.inMemory("validation", SHAPE, CLASSES, images, labels);
  }

  private static double[] weightsAfter(List<TrainingStage> stages, int lastEpochs) {
    List<TrainingStage> cut = new ArrayList<>(stages);
    TrainingStage last = cut.get(cut.size() - 1);
    cut.set(cut.size() - 1, last.withConfig(last.config().withEpochs(lastEpochs)));
    try (TrainedNetwork net = new TrainingLoop(new LinearEngine()).run(MODEL, cut, data())) {
      return ((LinearEngine.Trained) net).weights();
    }
  }

  @Test
  void aValidationSplitSelectsTheLastStagesBestEpochAndAResumedRunKeepsIt() {
    List<TrainingStage> stages = List.of(TrainingStage.of("pre", LOSS, config(1, 1)),
        TrainingStage.of("tune", LOSS,
            TrainingConfig.adamW(6, 8, 2).withLearningRate(0.02)).fromPreviousWeights());
    TrainingData data = data().withValidation(misleading());
    int selected;
    try (TrainedNetwork net = new TrainingLoop(new LinearEngine()).run(MODEL, stages, data)) {
      List<Double> accuracies =
          net.history().stream().map(EpochSummary::validationAccuracy).toList();
      int best = 1;
      for (int e = 2; e <= 6; e++) {
        best = accuracies.get(e) > accuracies.get(best) ? e : best;
      }
      selected = best;
      assertTrue(selected < 4, "the split is meant to select an epoch before the interruption"
          + " below, restored from the kept copy: " + accuracies);
      assertEquals(Optional.of(new TrainingProgress(1, selected)), net.position());
      assertArrayEquals(weightsAfter(stages, selected), ((LinearEngine.Trained) net).weights(),
          "the returned weights are the selected epoch's");
      assertFalse(Double.isNaN(net.history().get(0).testAccuracy()),
          "the test split is scored too");
    }
    Path checkpoint = dir.resolve("select.ckpt");
    LinearEngine interrupted = new LinearEngine();
    interrupted.interruptAfter = new int[] {1, 5, 0};
    assertThrows(TrainingInterruptedException.class,
        () -> new TrainingLoop(interrupted).checkpointingTo(checkpoint).run(MODEL, stages, data));
    assertTrue(Thread.interrupted());
    assertEquals(new TrainingProgress(1, 4), interrupted.progress(checkpoint));
    assertTrue(Files.isRegularFile(Selection.of(checkpoint)), "the best epoch kept beside it");
    List<EpochLog.Entry> logged = EpochLog.read(EpochLog.of(checkpoint));
    assertTrue(logged.stream().allMatch(e -> !Double.isNaN(e.summary().validationAccuracy())),
        "validation accuracy in the epoch log");
    try (TrainedNetwork resumed = new TrainingLoop(new LinearEngine())
        .resume(MODEL, stages, data, checkpoint)) {
      assertEquals(Optional.of(new TrainingProgress(1, selected)), resumed.position(),
          "the resumed run selects what the uninterrupted one selected");
      assertArrayEquals(weightsAfter(stages, selected),
          ((LinearEngine.Trained) resumed).weights());
    }
  }

  @Test
  void refusesACheckpointThatHasDoneEveryEpoch() {
    Path checkpoint = dir.resolve("done.ckpt");
    List<TrainingStage> stages = List.of(TrainingStage.of("train", LOSS, config(2, 1)));
    new TrainingLoop(new LinearEngine()).checkpointingTo(checkpoint).run(MODEL, stages, data())
        .close();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new TrainingLoop(new LinearEngine()).resume(MODEL, stages, data(), checkpoint));
    assertEquals("checkpoint has done 2 epochs, the configuration asks for 2", e.getMessage());
    IllegalArgumentException beyond = assertThrows(IllegalArgumentException.class,
        () -> new TrainingLoop(new LinearEngine()).resume(MODEL,
            List.of(TrainingStage.of("train", LOSS, config(1, 1)),
                TrainingStage.of("more", LOSS, config(1, 1))), data(), checkpoint));
    assertTrue(beyond.getMessage().contains("stage 'train'"), beyond.getMessage());
  }

  @Test
  void dataViewsAndStagesRefuseBadValues() {
    assertThrows(IllegalArgumentException.class,
        () -> new TrainingStage(" ", LOSS, List.of(DataView.dataset()), config(1, 1),
            TrainingStage.Start.SCRATCH));
    assertThrows(IllegalArgumentException.class,
        () -> TrainingStage.of("t", LOSS, config(1, 1)).withViews(List.of()));
    BatchMixing twoIntoThree = BatchMixing.of(new float[] {1, 0, 0, 1, 0.5f, 0.5f}, 3, 2);
    IllegalArgumentException mixing = assertThrows(IllegalArgumentException.class,
        () -> TrainingStage.of("coded", LOSS, TrainingConfig.adamW(1, 4, 1)).withBatchMixing(twoIntoThree));
    assertTrue(mixing.getMessage().contains("mixes batches of 2 images, its batch size is 4"),
        mixing.getMessage());
    TrainingStage mixed =
        TrainingStage.of("coded", LOSS, TrainingConfig.adamW(1, 2, 1)).withBatchMixing(twoIntoThree);
    assertEquals(Optional.of(twoIntoThree), mixed.fromPreviousWeights().batchMixing());
    assertThrows(IllegalArgumentException.class, () -> mixed.withConfig(TrainingConfig.adamW(1, 3, 1)));
    BlockMixing around = new BlockMixing("conv2", twoIntoThree,
        BatchMixing.of(new float[] {1, 0, 0, 0, 0.5f, 0.5f}, 2, 3));
    IllegalArgumentException block = assertThrows(IllegalArgumentException.class,
        () -> TrainingStage.of("coded", LOSS, TrainingConfig.adamW(1, 4, 1))
            .withBlockMixing(around));
    assertTrue(block.getMessage().contains("around block 'conv2', its batch size is 4"),
        block.getMessage());
    TrainingStage aroundBlock =
        TrainingStage.of("coded", LOSS, TrainingConfig.adamW(1, 2, 1)).withBlockMixing(around);
    assertEquals(Optional.of(around), aroundBlock.fromPreviousWeights().blockMixing());
    assertEquals(Optional.of(around),
        aroundBlock.withViews(List.of(DataView.dataset())).blockMixing());
    IllegalArgumentException both = assertThrows(IllegalArgumentException.class,
        () -> mixed.withBlockMixing(around));
    assertTrue(both.getMessage().contains("not both"), both.getMessage());
    Augmentation own = (b, seed) -> { };
    assertSame(Augmentation.NONE, DataView.dataset().resolve(Augmentation.NONE));
    assertSame(own, DataView.augmentedBy(own).resolve(Augmentation.NONE));
    assertEquals(Optional.empty(), DataView.dataset().augmentation());
    assertThrows(IllegalArgumentException.class, () -> new TrainingProgress(-1, 0));
    assertThrows(IllegalArgumentException.class, () -> new TrainingProgress(0, -1));
  }
}
