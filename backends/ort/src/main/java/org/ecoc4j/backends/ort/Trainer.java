package org.ecoc4j.backends.ort;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.data.Augmentation;
import org.ecoc4j.api.data.Split;
import org.ecoc4j.api.training.TrainingData;
import org.ecoc4j.api.training.TrainingStage;
import org.ecoc4j.backends.onnx.training.OptimizerSpec;
import org.ecoc4j.backends.onnx.zoo.ModelZoo;
import org.ecoc4j.backends.onnx.zoo.ZooModel;
import org.ecoc4j.training.TrainingLoop;

/**
 * Trains one model on ONNX Runtime in one stage: the backend-neutral {@link TrainingLoop} over an
 * {@link OrtTrainingEngine}, with AdamW (or SGD with momentum), the configuration's learning-rate
 * schedule, seeded shuffling, evaluation on test data after each epoch and a progress line (loss,
 * accuracy, images per second) on a stream, normally standard error.
 *
 * <p>The input batches live in native memory allocated once and overwritten each step, and so
 * does the noise of the dropout layers, drawn from the seed, the epoch, the batch and the layer
 * (see {@link DropoutNoise}): a resumed run sees the uninterrupted run's batches, augmentations
 * and dropout masks. Training stops between steps when its thread is interrupted (see {@link
 * TrainingLoop}); the last complete checkpoint stays intact and resumable.
 */
public final class Trainer {

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
    this(settings, progress, null, Augmentation.NONE, null);
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
      ModelSpec spec, LossSpec loss, TrainingConfig config, Split train, Split test, Path from) {
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
      ZooModel model, LossSpec loss, TrainingConfig config, Split train, Split test, Path from) {
    return (TrainedModel)
        loop(model).resume(model.spec(), stage(loss, config), data(train, test), from);
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
      ModelSpec spec, LossSpec loss, TrainingConfig config, Split train, Split test) {
    return train(ModelZoo.create(spec), loss, config, train, test);
  }

  /**
   * Trains a model built elsewhere (for example an imported ONNX file).
   *
   * @param test evaluated after each epoch, or {@code null}
   * @return the trained model; close it
   * @throws IllegalArgumentException when the data, model, loss and configuration do not fit
   */
  public TrainedModel train(
      ZooModel model, LossSpec loss, TrainingConfig config, Split train, Split test) {
    return (TrainedModel) loop(model).run(model.spec(), stage(loss, config), data(train, test));
  }

  private TrainingLoop loop(ZooModel model) {
    TrainingLoop loop =
        new TrainingLoop(
            new OrtTrainingEngine(
                settings,
                spec -> model,
                config -> optimizer != null ? optimizer : OptimizerSpec.adamW(config)));
    if (progress != null) {
      loop = loop.reportingTo(progress);
    }
    return checkpoint == null ? loop : loop.checkpointingTo(checkpoint);
  }

  private static List<TrainingStage> stage(LossSpec loss, TrainingConfig config) {
    return List.of(TrainingStage.of("train", loss, config));
  }

  private TrainingData data(Split train, Split test) {
    return new TrainingData(train, Optional.ofNullable(test), augmentation);
  }
}
