package org.ecoc4j.api.backend;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.ecoc4j.api.data.Split;
import org.ecoc4j.api.plugin.Plugin;
import org.ecoc4j.api.training.TrainingData;
import org.ecoc4j.api.training.TrainingEngine;
import org.ecoc4j.api.training.TrainingStage;

/**
 * SPI: a training and inference engine for the model zoo (for example {@code ort}, ONNX Runtime).
 *
 * <p>Providers are stateless factories found with {@link java.util.ServiceLoader}. Devices,
 * threads, checkpointing and resuming are backend options (see {@link #options()}).
 *
 * <p>A backend implements the per-batch half of training as a {@link TrainingEngine} and runs it
 * with the backend-neutral training loop of the module {@code ecoc4j.training}, which owns the
 * epochs, batch order, schedule, augmentation, checks, evaluation and checkpoint orchestration.
 */
public interface Backend extends Plugin {

  /**
   * Builds {@code model} and trains it with {@code loss} as {@code config} says: the one-stage
   * run of {@link #train(ModelSpec, List, TrainingData, Map)}, without augmentation.
   *
   * @param test evaluated after each epoch, or {@code null}
   * @param options backend options by name, validated against {@link #options()}
   * @return the trained network; close it
   * @throws UnknownArchitectureException for an architecture the backend does not know
   * @throws IllegalArgumentException when the model, loss, configuration and data do not fit
   *     together
   * @throws org.ecoc4j.api.plugin.InvalidOptionException for unknown or malformed options
   * @throws UnsupportedOperationException for a device this installation cannot use, naming what
   *     is missing
   */
  default TrainedNetwork train(
      ModelSpec model,
      LossSpec loss,
      TrainingConfig config,
      Split train,
      Split test,
      Map<String, String> options) {
    return train(
        model, List.of(TrainingStage.of("train", loss, config)), TrainingData.of(train, test),
        options);
  }

  /**
   * Builds {@code model} and trains it through {@code stages}, in order.
   *
   * @param stages the stages, at least one; the first starts from scratch
   * @param data the training data, the test split evaluated after each epoch and the dataset's
   *     training augmentation
   * @param options backend options by name, validated against {@link #options()}
   * @return the network the last stage trained; close it
   * @throws UnknownArchitectureException for an architecture the backend does not know
   * @throws IllegalArgumentException when the model, losses, configurations and data do not fit
   *     together
   * @throws org.ecoc4j.api.plugin.InvalidOptionException for unknown or malformed options
   * @throws UnsupportedOperationException for a device this installation cannot use, naming what
   *     is missing
   */
  TrainedNetwork train(
      ModelSpec model, List<TrainingStage> stages, TrainingData data, Map<String, String> options);

  /**
   * Opens a network from a checkpoint that {@link TrainedNetwork#saveCheckpoint} wrote, for
   * evaluation, attacks or further export.
   *
   * @param model what was trained
   * @param loss the loss it was trained with (the {@code loss} attack objective, and how class
   *     scores are read from the outputs)
   * @param checkpoint the checkpoint file
   * @param options backend options by name, validated against {@link #options()}
   * @return the network, with an empty history; close it
   * @throws IllegalArgumentException when the checkpoint does not hold this model's parameters or
   *     is not a checkpoint
   * @throws java.io.UncheckedIOException when the file cannot be read
   */
  TrainedNetwork load(
      ModelSpec model, LossSpec loss, Path checkpoint, Map<String, String> options);

  /**
   * The word naming the checkpoints this backend writes with {@link
   * TrainedNetwork#saveCheckpoint} and reads with {@link #load}. Two backends with the same word
   * read each other's checkpoints of the same {@link ModelSpec}; a model saved by one may be
   * evaluated with the other. By default the backend's name: only it reads its checkpoints.
   */
  default String checkpointFormat() {
    return name();
  }

  /**
   * The whole of a model file this backend imports (its {@code model-file} style option), as the
   * bytes of one file: what a model directory keeps so that the model reopens without the files
   * that lay beside the original (for ONNX, the external-data file whose weights are then read
   * into the graph). By default the file's own bytes.
   *
   * @throws IllegalArgumentException when the file or what it refers to is not acceptable,
   *     naming the file
   * @throws UncheckedIOException when a file cannot be read
   */
  default byte[] selfContainedModelFile(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read model file " + file + ": " + e.getMessage(), e);
    }
  }
}
