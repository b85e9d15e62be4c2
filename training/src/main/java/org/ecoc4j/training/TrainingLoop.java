package org.ecoc4j.training;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.ecoc4j.api.backend.EpochSummary;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.backend.TrainedNetwork;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.codebook.CodeTable;
import org.ecoc4j.api.data.Augmentation;
import org.ecoc4j.api.data.Batch;
import org.ecoc4j.api.data.Split;
import org.ecoc4j.api.training.StageNetwork;
import org.ecoc4j.api.training.StepContext;
import org.ecoc4j.api.training.StepResult;
import org.ecoc4j.api.training.TrainingData;
import org.ecoc4j.api.training.TrainingEngine;
import org.ecoc4j.api.training.TrainingProgress;
import org.ecoc4j.api.training.TrainingStage;

/**
 * The training loop, the same for every backend: runs the stages of a run in order on a backend's
 * {@link TrainingEngine}, each for its epochs of fixed-size batches.
 *
 * <p>For every epoch of a stage: the sample order of {@link BatchOrder} from the stage's seed
 * ({@link StageSeeds#of}) and the epoch, the last incomplete batch left out; before each step the
 * batch is filled (labels and pixels checked), each of the stage's views augmented with a seed
 * drawn from the stage seed, the epoch, the batch and the view ({@link StageSeeds#augmentation}),
 * and the step given the factor of the stage's learning-rate schedule; a loss that is not finite
 * stops training ({@link TrainingDivergedException}). After each epoch the test split, if any, is
 * classified, a progress line finished, and the checkpoint (if one is kept) written atomically
 * with the stage and epochs done. Test data is never augmented.
 *
 * <p>A stage starts from scratch or from the previous stage's weights, with a fresh optimizer; a
 * stage with a projection head must be followed by one that starts from its weights. A
 * stage with a {@link org.ecoc4j.api.training.StagePreparation} first runs the previous stage's
 * network on the generation split, generates its code table from the outputs and trains on the
 * preparation's loss against it; the table is kept beside the checkpoint ({@link
 * GeneratedTables}) and read back by a run resumed inside the stage.
 *
 * <p>With a validation split ({@link TrainingData#validation()}) every epoch is also scored on it,
 * and the run returns the last stage's epoch of the highest validation accuracy (the earliest of
 * equals), whose checkpoint is kept as it is reached ({@link Selection}). A
 * resumed run continues from the checkpoint's stage and epoch and reaches the uninterrupted run's
 * weights exactly (batches, augmentations and the backend's step randomness are all drawn from
 * the seeds and positions, never from state that a checkpoint would have to hold).
 *
 * <p>The loop checks its thread's interrupt flag before every step and stops with a {@link
 * TrainingInterruptedException}; while it runs, a JVM shutdown (Ctrl-C, SIGTERM) interrupts it
 * and waits for the step or checkpoint write in progress to end, so the last complete checkpoint
 * stays intact. Immutable; {@link #run} may be called again.
 */
public final class TrainingLoop {

  /** How long a JVM shutdown waits for the current step or checkpoint write to end. */
  private static final long SHUTDOWN_GRACE_MILLIS = 30_000;

  private final TrainingEngine engine;
  private final PrintStream progress;
  private final Path checkpoint;

  /** A loop over {@code engine} that reports nothing and keeps no checkpoint. */
  public TrainingLoop(TrainingEngine engine) {
    this(Objects.requireNonNull(engine, "engine"), null, null);
  }

  private TrainingLoop(TrainingEngine engine, PrintStream progress, Path checkpoint) {
    this.engine = engine;
    this.progress = progress;
    this.checkpoint = checkpoint;
  }

  /** A copy that draws a progress line on {@code stream} (normally standard error). */
  public TrainingLoop reportingTo(PrintStream stream) {
    return new TrainingLoop(engine, Objects.requireNonNull(stream, "stream"), checkpoint);
  }

  /**
   * A copy that writes the backend's checkpoint (weights, optimizer state, stage and epochs done)
   * to {@code file} after every epoch, atomically: an interrupted run leaves the last complete
   * checkpoint. Just before it, the {@link EpochLog} beside it gets the epoch's summary: it holds
   * every epoch since the start of the run, those before a resume included.
   */
  public TrainingLoop checkpointingTo(Path file) {
    return new TrainingLoop(engine, progress, Objects.requireNonNull(file, "file"));
  }

  /**
   * Trains {@code model} through {@code stages}.
   *
   * @return the network the last stage trained; its history holds every epoch run; close it
   * @throws IllegalArgumentException when the stages, model and data do not fit together (shapes,
   *     classes, a batch larger than the data, a first stage that starts from previous weights)
   * @throws TrainingDivergedException when a step's loss is not finite
   * @throws TrainingInterruptedException when the thread is interrupted
   */
  public TrainedNetwork run(ModelSpec model, List<TrainingStage> stages, TrainingData data) {
    return train(model, stages, data, null);
  }

  /**
   * Continues a run from a checkpoint this loop (with the same engine options) wrote: the rest of
   * the checkpoint's stage, then the later stages, see the same batches and end with the same
   * weights as an uninterrupted run.
   *
   * <p>The {@link EpochLog} beside {@code from}, if there is one, is carried over (up to the
   * checkpoint's epoch) into the log of this loop's checkpoint, if it keeps one.
   *
   * @return the trained network; its history holds the epochs run by this call
   * @throws IllegalArgumentException as {@link #run}, and when the checkpoint is past the stages
   *     or has done every epoch
   * @throws java.io.UncheckedIOException when the checkpoint cannot be read
   */
  public TrainedNetwork resume(
      ModelSpec model, List<TrainingStage> stages, TrainingData data, Path from) {
    return train(model, stages, data, Objects.requireNonNull(from, "from"));
  }

  private TrainedNetwork train(
      ModelSpec model, List<TrainingStage> stages, TrainingData data, Path from) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(data, "data");
    checkStages(model, stages, data);
    TrainingProgress at = from == null ? null : checkResumable(engine.progress(from), stages);
    int last = stages.size() - 1;
    try (InterruptGuard guard = new InterruptGuard(SHUTDOWN_GRACE_MILLIS)) {
      List<EpochSummary> history = new ArrayList<>();
      List<EpochLog.Entry> logged = new ArrayList<>();
      if (at != null) {
        logged.addAll(EpochLog.upTo(EpochLog.read(EpochLog.of(from)), at));
      }
      StageNetwork network = null;
      List<TrainingStage> running = new ArrayList<>(stages);
      Selection selection = data.validation().isEmpty() ? null
          : new Selection(engine, checkpoint, last, progress);
      try {
        if (selection != null && at != null && at.stage() == last) {
          selection.restore(logged, from, at);
        }
        int first = at == null ? 0 : at.stage();
        for (int s = first; s < stages.size(); s++) {
          TrainingStage stage = stages.get(s);
          int done = 0;
          if (at != null && s == first) {
            if (stage.preparation().isPresent()) {
              CodeTable saved = GeneratedTables.read(from, s, stage.name());
              keepTable(s, saved);
              stage = stage.preparedWith(saved);
            }
            network = engine.resume(model, stage, s, from);
            done = at.epochsDone();
          } else {
            StageNetwork previous = network;
            network = null;
            try {
              if (stage.preparation().isPresent()) {
                stage = prepare(stage, s, previous, data);
              }
              network =
                  engine.start(
                      model, stage, s,
                      stage.start() == TrainingStage.Start.PREVIOUS_WEIGHTS ? previous : null);
            } finally {
              if (previous != null) {
                previous.close();
              }
            }
          }
          running.set(s, stage);
          for (int epoch = done + 1; epoch <= stage.config().epochs(); epoch++) {
            EpochSummary summary = runEpoch(network, running, s, epoch, data);
            history.add(summary);
            if (checkpoint != null) {
              logged.add(new EpochLog.Entry(s, summary));
              StageNetwork saving = network;
              TrainingProgress reached = new TrainingProgress(s, epoch);
              AtomicFiles.write(checkpoint, file -> {
                saving.saveCheckpoint(file, reached);
                EpochLog.write(EpochLog.of(checkpoint), logged, file);
              });
            }
            if (selection != null && s == last) {
              selection.offer(network, new TrainingProgress(s, epoch), summary);
            }
          }
        }
        TrainingProgress end = new TrainingProgress(last, stages.get(last).config().epochs());
        if (selection != null && selection.epoch() > 0
            && selection.epoch() != end.epochsDone()) {
          network.close();
          network = null;
          network = engine.resume(model, running.get(last), last, selection.file());
          end = new TrainingProgress(last, selection.epoch());
        }
        if (selection != null) {
          selection.report(running.get(last).name());
        }
        return network.finish(history, end);
      } catch (RuntimeException e) {
        if (network != null) {
          network.close();
        }
        throw e;
      } finally {
        if (selection != null) {
          selection.cleanUp();
        }
      }
    }
  }

  /**
   * The stage as it trains against the table its preparation generates from {@code previous}'s
   * outputs on the generation split; the table is kept beside the checkpoint.
   */
  private TrainingStage prepare(
      TrainingStage stage, int s, StageNetwork previous, TrainingData data) {
    Split generation = data.generation().orElseThrow();
    float[] outputs = previous.outputs(generation);
    CodeTable table =
        stage.preparation().orElseThrow().generate(outputs, generation.labels());
    keepTable(s, table);
    if (progress != null) {
      progress.println("stage '" + stage.name() + "': code table (" + table.classes() + " x "
          + table.length() + ") generated from the previous stage's network on "
          + generation.size() + " generation samples");
    }
    return stage.preparedWith(table);
  }

  private void keepTable(int s, CodeTable table) {
    if (checkpoint != null) {
      GeneratedTables.write(checkpoint, s, table);
    }
  }

  private EpochSummary runEpoch(
      StageNetwork network, List<TrainingStage> stages, int s, int epoch, TrainingData data) {
    TrainingStage stage = stages.get(s);
    TrainingConfig config = stage.config();
    String label = stages.size() == 1 ? "" : "stage '" + stage.name() + "' ";
    long seed = StageSeeds.of(config, s);
    Split train = data.train();
    int batch = config.batchSize();
    int batches = train.size() / batch;
    int[] order = BatchOrder.of(train.size(), config.shuffle(), seed, epoch);
    int viewCount = stage.views().size();
    List<Batch> views = new ArrayList<>(viewCount);
    Augmentation[] augmentations = new Augmentation[viewCount];
    for (int v = 0; v < viewCount; v++) {
      views.add(new Batch(train.shape(), batch));
      augmentations[v] = stage.views().get(v).resolve(data.augmentation());
    }
    Batch first = views.get(0);
    BatchFiller filler = new BatchFiller(train, stage.loss().classes());
    ProgressBar bar = new ProgressBar(progress, label);
    double lossSum = 0;
    long correct = 0;
    long start = System.nanoTime();
    for (int b = 0; b < batches; b++) {
      if (Thread.currentThread().isInterrupted()) {
        throw new TrainingInterruptedException(label, s, epoch - 1, epoch, b);
      }
      filler.fill(order, b * batch, batch, first);
      for (int v = 1; v < viewCount; v++) {
        copy(first, views.get(v));
      }
      for (int v = 0; v < viewCount; v++) {
        augmentations[v].apply(views.get(v), StageSeeds.augmentation(seed, epoch, b, v));
      }
      double factor = config.schedule().factor(epoch, config.epochs(), b, batches);
      StepResult step =
          network.step(views, new StepContext(s, epoch, b, seed, config.learningRate(), factor));
      if (!Float.isFinite(step.loss())) {
        throw new TrainingDivergedException(label, step.loss(), epoch, b);
      }
      lossSum += step.loss();
      int[] predicted = step.predictions();
      if (predicted.length != batch) {
        throw new IllegalStateException(
            "the backend predicted " + predicted.length + " classes for a batch of " + batch);
      }
      for (int i = 0; i < batch; i++) {
        correct += predicted[i] == first.labels()[i] ? 1 : 0;
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      bar.update(
          epoch, config.epochs(), b + 1, batches, lossSum / (b + 1),
          (double) correct / ((b + 1) * (long) batch), (b + 1) * batch / seconds,
          b + 1 == batches);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double testAccuracy = data.test().map(test -> accuracy(network, test)).orElse(Double.NaN);
    double validationAccuracy =
        data.validation().map(v -> accuracy(network, v)).orElse(Double.NaN);
    EpochSummary report =
        new EpochSummary(
            epoch,
            lossSum / batches,
            (double) correct / ((long) batches * batch),
            testAccuracy,
            batches * (double) batch / seconds,
            validationAccuracy);
    bar.finish(report);
    return report;
  }

  private static void copy(Batch from, Batch to) {
    int size = from.size();
    to.resize(size);
    System.arraycopy(from.images(), 0, to.images(), 0, size * from.shape().size());
    System.arraycopy(from.labels(), 0, to.labels(), 0, size);
    System.arraycopy(from.indices(), 0, to.indices(), 0, size);
  }

  /** Fraction of {@code data} the network's current weights classify right. */
  private static double accuracy(StageNetwork network, Split data) {
    int[] predicted = network.classify(data);
    if (predicted.length != data.size()) {
      throw new IllegalStateException(
          "the backend classified " + predicted.length + " of " + data.size() + " samples");
    }
    long correct = 0;
    for (int i = 0; i < predicted.length; i++) {
      correct += predicted[i] == data.label(i) ? 1 : 0;
    }
    return (double) correct / data.size();
  }

  private static void checkStages(ModelSpec model, List<TrainingStage> stages, TrainingData data) {
    Objects.requireNonNull(stages, "stages");
    if (stages.isEmpty()) {
      throw new IllegalArgumentException("a training run needs at least one stage");
    }
    TrainingStage first = stages.get(0);
    if (first.start() == TrainingStage.Start.PREVIOUS_WEIGHTS) {
      throw new IllegalArgumentException(
          "stage '" + first.name() + "' starts from the previous stage's weights, but it is the"
              + " first stage: there are none");
    }
    if (first.preparation().isPresent()) {
      throw new IllegalArgumentException(
          "stage '" + first.name() + "' generates its code table from the previous stage's"
              + " network, but it is the first stage: there is none");
    }
    for (TrainingStage stage : stages) {
      if (stage.preparation().isPresent()) {
        Split generation = data.generation().orElseThrow(() -> new IllegalArgumentException(
            "stage '" + stage.name() + "' generates its code table on a generation split, the"
                + " training data has none"));
        checkData("generation", generation, model, stage.loss().classes());
      }
      int classes = stage.loss().classes();
      checkData("training", data.train(), model, classes);
      if (data.train().size() < stage.config().batchSize()) {
        throw new IllegalArgumentException(
            "batch size " + stage.config().batchSize() + " exceeds the " + data.train().size()
                + " training samples");
      }
      if (data.test().isPresent()) {
        checkData("test", data.test().get(), model, classes);
      }
      if (data.validation().isPresent()) {
        checkData("validation", data.validation().get(), model, classes);
      }
    }
    if (data.test().isPresent()) {
      new BatchFiller(data.test().get(), first.loss().classes()).checkAll();
    }
    if (data.validation().isPresent()) {
      new BatchFiller(data.validation().get(), first.loss().classes()).checkAll();
    }
    checkHeads(stages);
  }

  /**
   * A projection head belongs to its stage alone: a later stage must carry the network on from
   * that stage's weights without the head, so the head cannot be on the last stage (whose network
   * is deployed) nor before a stage that starts from scratch.
   */
  private static void checkHeads(List<TrainingStage> stages) {
    for (int s = 0; s < stages.size(); s++) {
      TrainingStage stage = stages.get(s);
      if (stage.head().isEmpty()) {
        continue;
      }
      String has = "stage '" + stage.name() + "' trains a " + stage.head().get();
      if (s == stages.size() - 1) {
        throw new IllegalArgumentException(has + ", but no stage follows it: the deployed network"
            + " is the last stage's, which has no head; add a stage that starts from its weights");
      }
      TrainingStage next = stages.get(s + 1);
      if (next.start() != TrainingStage.Start.PREVIOUS_WEIGHTS) {
        throw new IllegalArgumentException(has + ", but the next stage '" + next.name()
            + "' starts from scratch: a head is for a stage whose weights the next one continues");
      }
    }
  }

  private static void checkData(String what, Split data, ModelSpec model, int classes) {
    if (!data.shape().equals(model.input())) {
      throw new IllegalArgumentException(
          what + " images are " + data.shape() + ", model '" + model.architecture() + "' takes "
              + model.input());
    }
    if (data.classes() != classes) {
      throw new IllegalArgumentException(
          what + " data has " + data.classes() + " classes, the loss " + classes);
    }
    if (data.size() == 0) {
      throw new IllegalArgumentException(what + " data is empty");
    }
  }

  private static TrainingProgress checkResumable(
      TrainingProgress at, List<TrainingStage> stages) {
    if (at.stage() >= stages.size()) {
      throw new IllegalArgumentException(
          "checkpoint is at stage " + (at.stage() + 1) + ", the run has " + stages.size()
              + " stage(s)");
    }
    TrainingStage stage = stages.get(at.stage());
    int epochs = stage.config().epochs();
    boolean last = at.stage() == stages.size() - 1;
    if (at.epochsDone() > epochs || (last && at.epochsDone() == epochs)) {
      throw new IllegalArgumentException(
          "checkpoint has done " + at.epochsDone() + " epochs"
              + (stages.size() == 1 ? "" : " of stage '" + stage.name() + "'")
              + ", the configuration asks for " + epochs);
    }
    return at;
  }
}
