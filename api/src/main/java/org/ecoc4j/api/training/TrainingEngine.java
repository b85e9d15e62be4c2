package org.ecoc4j.api.training;

import java.nio.file.Path;
import org.ecoc4j.api.backend.ModelSpec;

/**
 * A backend's part of training, configured by its options (device, threads, optimizer): it builds
 * the network of each stage and reads its own checkpoints. The epoch loop, batch order,
 * learning-rate schedule, augmentation, divergence checks, evaluation, progress and checkpoint
 * orchestration are the training loop's (module {@code ecoc4j.training}), the same for every
 * backend.
 */
public interface TrainingEngine {

  /**
   * Builds the network of a stage, with a fresh optimizer state.
   *
   * @param model the network to build
   * @param stage the stage, whose loss, batch size and seed the network is built for
   * @param stageIndex the stage's 0-based position
   * @param previous the previous stage's network when {@code stage} starts from its weights (its
   *     parameters of the same name and shape are copied), or {@code null} to start from the
   *     initialization drawn from the stage's seed; the caller closes it afterwards
   * @throws IllegalArgumentException when the model and the stage's loss do not fit
   * @throws org.ecoc4j.api.backend.UnknownArchitectureException for an architecture the backend
   *     does not know
   */
  StageNetwork start(ModelSpec model, TrainingStage stage, int stageIndex, StageNetwork previous);

  /**
   * Rebuilds the network of a stage from a checkpoint that {@link StageNetwork#saveCheckpoint}
   * wrote, with its optimizer state.
   *
   * @throws IllegalArgumentException when the checkpoint does not hold this model's parameters
   * @throws java.io.UncheckedIOException when the file cannot be read
   */
  StageNetwork resume(ModelSpec model, TrainingStage stage, int stageIndex, Path checkpoint);

  /**
   * The position a checkpoint of this backend records.
   *
   * @throws IllegalArgumentException when the file is not such a checkpoint
   * @throws java.io.UncheckedIOException when the file cannot be read
   */
  TrainingProgress progress(Path checkpoint);
}
