package org.ecoc4j.backends.ort;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.ecoc4j.api.backend.EpochSummary;
import org.ecoc4j.api.data.Augmentation;
import org.ecoc4j.api.data.Batch;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.data.Split;
import org.ecoc4j.api.backend.LearningRateSchedule;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.random.Seeds;
import org.ecoc4j.backends.onnx.autodiff.Differentiator;
import org.ecoc4j.backends.onnx.training.OptimizerSpec;
import org.ecoc4j.backends.onnx.training.TrainingArtifacts;
import org.ecoc4j.backends.onnx.zoo.ModelZoo;
import org.ecoc4j.backends.onnx.zoo.ZooModel;

/**
 * Trains a zoo model with AdamW (or SGD with momentum) on ONNX Runtime: epochs of shuffled fixed-size batches, the
 * configured learning-rate schedule applied before every optimizer step, evaluation
 * on test data after each epoch, and a progress line (loss, accuracy, images per second) on a
 * stream, normally standard error.
 *
 * <p>The input batches live in native memory allocated once and overwritten each step, and so
 * does the noise of the dropout layers, drawn from the seed, the epoch, the batch and the layer
 * (see {@link DropoutNoise}): a resumed run sees the uninterrupted run's batches, augmentations
 * and dropout masks.
 *
 * <p>Training checks its thread's interrupt flag before every step and stops with a
 * {@link TrainingInterruptedException}; while it runs, a JVM shutdown (Ctrl-C, SIGTERM)
 * interrupts it and waits for the step or checkpoint write in progress to end, so the last
 * complete checkpoint stays intact and resumable.
 */
public final class Trainer {

  private static final int EVAL_BATCH = 256;

  /** How long a JVM shutdown waits for the current step or checkpoint write to end. */
  private static final long SHUTDOWN_GRACE_MILLIS = 30_000;

  /** Checkpoint property holding the number of epochs completed. */
  static final String EPOCH_PROPERTY = "ecoc4j.epoch";

  private final OrtSettings settings;
  private final PrintStream progress;
  private final Path checkpoint;
  private final Augmentation augmentation;
  private final OptimizerSpec optimizer;

  /**
   * A trainer on {@code device} that keeps no checkpoint and uses AdamW.
   *
   * @param progress where the progress line goes, or {@code null} for none
   */
  public Trainer(OrtSettings settings, PrintStream progress) {
    this(settings, progress, null, null, null);
  }

  private Trainer(
      OrtSettings settings, PrintStream progress, Path checkpoint, Augmentation augmentation,
      OptimizerSpec optimizer) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.progress = progress;
    this.checkpoint = checkpoint;
    this.augmentation = augmentation;
    this.optimizer = optimizer;
  }

  /**
   * A trainer that uses {@code optimizer} (e.g. {@link OptimizerSpec#sgd}) instead of AdamW with
   * the configuration's settings; the configuration's learning rate and schedule still apply.
   */
  public Trainer withOptimizer(OptimizerSpec optimizer) {
    return new Trainer(
        settings, progress, checkpoint, augmentation,
        Objects.requireNonNull(optimizer, "optimizer"));
  }

  /**
   * A trainer that augments every training batch before its step (never the test data), with a
   * random source drawn from the seed, the epoch and the batch.
   */
  public Trainer augmentingWith(Augmentation augmentation) {
    return new Trainer(
        settings, progress, checkpoint, Objects.requireNonNull(augmentation, "augmentation"),
        optimizer);
  }

  /**
   * A trainer that saves a checkpoint (parameters, optimizer state, epochs done) to {@code file}
   * after every epoch, atomically: an interrupted run leaves the last complete checkpoint.
   */
  public Trainer checkpointingTo(Path file) {
    return new Trainer(
        settings, progress, Objects.requireNonNull(file, "file"), augmentation, optimizer);
  }

  /**
   * Continues a run from a checkpoint this trainer (or another with the same arguments) saved:
   * the remaining epochs of {@code config} see the same batches, and end with the same weights, as
   * an uninterrupted run.
   *
   * @param from the checkpoint file
   * @return the trained model; its history holds the epochs run by this call
   * @throws IllegalArgumentException when the data, model, loss and configuration do not fit, or
   *     the checkpoint has already done every epoch
   * @throws java.io.UncheckedIOException when the checkpoint cannot be read
   */
  public TrainedModel resume(
      ModelSpec spec,
      LossSpec loss,
      TrainingConfig config,
      Split train,
      Split test,
      Path from) {
    return resume(ModelZoo.create(spec), loss, config, train, test, from);
  }

  /**
   * Continues a run of a model built elsewhere (for example an imported ONNX file), as {@link
   * #resume(ModelSpec, LossSpec, TrainingConfig, Split, Split, Path)} does for a zoo model.
   *
   * @param from the checkpoint file
   * @return the trained model; its history holds the epochs run by this call
   * @throws IllegalArgumentException when the data, model, loss and configuration do not fit, or
   *     the checkpoint has already done every epoch
   * @throws java.io.UncheckedIOException when the checkpoint cannot be read
   */
  public TrainedModel resume(
      ZooModel model,
      LossSpec loss,
      TrainingConfig config,
      Split train,
      Split test,
      Path from) {
    byte[] saved;
    try {
      saved = Files.readAllBytes(from);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read checkpoint " + from, e);
    }
    return run(model, loss, config, train, test, saved);
  }

  /**
   * Builds the model and trains it.
   *
   * @param test evaluated after each epoch, or {@code null}
   * @return the trained model; close it
   * @throws IllegalArgumentException when the data, model, loss and configuration do not fit
   *     together (shapes, classes, batch larger than the data)
   */
  public TrainedModel train(
      ModelSpec spec,
      LossSpec loss,
      TrainingConfig config,
      Split train,
      Split test) {
    return run(ModelZoo.create(spec), loss, config, train, test, null);
  }

  /**
   * Trains a model built elsewhere (for example an imported ONNX file).
   *
   * @param test evaluated after each epoch, or {@code null}
   * @return the trained model; close it
   * @throws IllegalArgumentException when the data, model, loss and configuration do not fit
   */
  public TrainedModel train(
      ZooModel model,
      LossSpec loss,
      TrainingConfig config,
      Split train,
      Split test) {
    return run(model, loss, config, train, test, null);
  }

  private TrainedModel run(
      ZooModel model,
      LossSpec loss,
      TrainingConfig config,
      Split train,
      Split test,
      byte[] saved) {
    ModelSpec spec = model.spec();
    checkData("training", train, spec, loss);
    if (test != null) {
      checkData("test", test, spec, loss);
    }
    if (train.size() < config.batchSize()) {
      throw new IllegalArgumentException(
          "batch size " + config.batchSize() + " exceeds the " + train.size()
              + " training samples");
    }
    OptimizerSpec chosen = optimizer != null ? optimizer : OptimizerSpec.adamW(config);
    TrainingArtifacts artifacts =
        TrainingArtifacts.build(model, loss, config, chosen, differentiator(settings.device()));
    double rate = config.learningRate() * chosen.learningRateScale();
    TrainingSession session =
        new TrainingSession(artifacts, saved == null ? artifacts.checkpoint() : saved, settings);
    try (InterruptGuard guard = new InterruptGuard(SHUTDOWN_GRACE_MILLIS)) {
      int done = saved == null ? 0 : (int) session.property(EPOCH_PROPERTY);
      if (done >= config.epochs()) {
        throw new IllegalArgumentException(
            "checkpoint has done " + done + " epochs, the configuration asks for "
                + config.epochs());
      }
      session.setLearningRate(rate);
      List<EpochSummary> history = new ArrayList<>();
      ScoreClassifier classifier = new ScoreClassifier(loss, spec);
      for (int epoch = done + 1; epoch <= config.epochs(); epoch++) {
        history.add(
            runEpoch(session, classifier, config, rate, epoch, train, test, loss.classes()));
        if (checkpoint != null) {
          session.setProperty(EPOCH_PROPERTY, epoch);
          CheckpointFiles.saveAtomically(session, checkpoint);
        }
      }
      return new TrainedModel(model, loss, artifacts, session, history, settings, config.epochs());
    } catch (RuntimeException e) {
      session.close();
      throw e;
    }
  }

  /**
   * The differentiator of training graphs on {@code device}: ONNX Runtime's gradient kernels
   * where they exist on every device, and the portable rules (max pooling through a scatter)
   * instead of the CPU-only {@code MaxPoolGrad} on CUDA.
   */
  static Differentiator differentiator(OrtDevice device) {
    return device == OrtDevice.CUDA ? Differentiator.portable() : Differentiator.standard();
  }

  private EpochSummary runEpoch(
      TrainingSession session,
      ScoreClassifier classifier,
      TrainingConfig config,
      double rate,
      int epoch,
      Split train,
      Split test,
      int classes) {
    ImageShape shape = train.shape();
    int batch = config.batchSize();
    int batches = train.size() / batch;
    int[] order = order(train.size(), config, epoch);
    Batch holder = new Batch(shape, batch);
    float[] images = holder.images();
    long[] labels = new long[batch];
    BatchFiller filler = new BatchFiller(train, classes);
    ProgressBar bar = new ProgressBar(progress);
    double lossSum = 0;
    long correct = 0;
    long start = System.nanoTime();
    try (NativeTensor x =
            NativeTensor.floats(images, batch, shape.channels(), shape.height(), shape.width());
        NativeTensor y = NativeTensor.longs(labels, batch);
        DropoutNoise noise = session.dropoutNoise()) {
      for (int b = 0; b < batches; b++) {
        if (Thread.currentThread().isInterrupted()) {
          throw new TrainingInterruptedException(epoch - 1, epoch, b);
        }
        if (config.schedule().kind() != LearningRateSchedule.Kind.CONSTANT) {
          session.setLearningRate(
              rate * config.schedule().factor(epoch, config.epochs(), b, batches));
        }
        filler.fill(order, b * batch, batch, images, labels);
        if (augmentation != null) {
          holder.resize(batch);
          for (int i = 0; i < batch; i++) {
            holder.labels()[i] = (int) labels[i];
          }
          augmentation.apply(holder, batchSeed(config.seed(), epoch, b));
        }
        x.copyFrom(images);
        y.copyFrom(labels);
        noise.draw(config.seed(), epoch, b);
        TrainingSession.StepResult step = session.trainStep(x, y, noise);
        session.optimizerStep();
        session.lazyResetGrad();
        if (!Float.isFinite(step.loss())) {
          throw new IllegalStateException(
              "training diverged: loss " + step.loss() + " at epoch " + epoch + ", batch " + b);
        }
        lossSum += step.loss();
        float[] scores = step.scores().values();
        for (int i = 0; i < batch; i++) {
          correct += classifier.classify(scores, i) == labels[i] ? 1 : 0;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        bar.update(
            epoch, config.epochs(), b + 1, batches, lossSum / (b + 1),
            (double) correct / ((b + 1) * (long) batch), (b + 1) * batch / seconds,
            b + 1 == batches);
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double testAccuracy =
        test == null ? Double.NaN : accuracy(session, classifier, test, classes);
    EpochSummary report =
        new EpochSummary(
            epoch,
            lossSum / batches,
            (double) correct / ((long) batches * batch),
            testAccuracy,
            batches * (double) batch / seconds);
    bar.finish(report);
    return report;
  }

  /** The seed of one batch's augmentation, drawn from the run's seed, the epoch and the batch. */
  private static long batchSeed(long seed, int epoch, int batch) {
    return Seeds.forBatch(seed, epoch, batch);
  }

  /** The epoch's sample order: shuffled from the seed and the epoch, or the natural order. */
  static int[] order(int size, TrainingConfig config, int epoch) {
    int[] order = new int[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    if (config.shuffle()) {
      SplittableRandom random =
          new SplittableRandom(Seeds.forEpoch(config.seed(), epoch));
      for (int i = size - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
    }
    return order;
  }

  /** Fraction of {@code data} the session's current parameters classify right. */
  static double accuracy(
      TrainingSession session, ScoreClassifier classifier, Split data, int classes) {
    ImageShape shape = data.shape();
    int[] order = IntStream.range(0, data.size()).toArray();
    BatchFiller filler = new BatchFiller(data, classes);
    long correct = 0;
    for (int from = 0; from < data.size(); from += EVAL_BATCH) {
      int count = Math.min(EVAL_BATCH, data.size() - from);
      float[] images = new float[count * shape.size()];
      long[] labels = new long[count];
      filler.fill(order, from, count, images, labels);
      try (NativeTensor x =
          NativeTensor.floats(images, count, shape.channels(), shape.height(), shape.width())) {
        float[] scores = session.scores(x).values();
        for (int i = 0; i < count; i++) {
          correct += classifier.classify(scores, i) == labels[i] ? 1 : 0;
        }
      }
    }
    return (double) correct / data.size();
  }

  private static void checkData(String what, Split data, ModelSpec spec, LossSpec loss) {
    if (!data.shape().equals(spec.input())) {
      throw new IllegalArgumentException(
          what + " images are " + data.shape() + ", model '" + spec.architecture() + "' takes "
              + spec.input());
    }
    if (data.classes() != loss.classes()) {
      throw new IllegalArgumentException(
          what + " data has " + data.classes() + " classes, the loss " + loss.classes());
    }
    if (data.size() == 0) {
      throw new IllegalArgumentException(what + " data is empty");
    }
  }
}
