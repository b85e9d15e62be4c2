package org.ecoc4j.api.training;

import java.nio.file.Path;
import java.util.List;
import org.ecoc4j.api.backend.EpochSummary;
import org.ecoc4j.api.backend.TrainedNetwork;
import org.ecoc4j.api.data.Batch;
import org.ecoc4j.api.data.Split;

/**
 * The network of one training stage, held by a backend with its optimizer state: what a
 * backend-neutral training loop drives. Holds the backend's resources: close it, unless {@link
 * #finish} handed them on. Not thread-safe.
 */
public interface StageNetwork extends AutoCloseable {

  /**
   * One optimizer step: forward, loss, backward and update with {@link
   * StepContext#learningRate()}, on a batch of the stage's configured batch size.
   *
   * @param views the batch as each of the stage's {@link DataView}s shows it (same samples, same
   *     labels, in the same order; already augmented)
   * @param context where the step falls and its learning rate
   * @return the loss before the update and the predicted classes
   * @throws IllegalArgumentException for batches of another size or shape, or the wrong number of
   *     views
   */
  StepResult step(List<Batch> views, StepContext context);

  /**
   * The class the current weights predict for every sample of {@code data}, in its order.
   *
   * @throws IllegalArgumentException for images of another shape
   */
  int[] classify(Split data);

  /**
   * The current weights' outputs for every sample of {@code data}, in its order: one row of
   * {@code ModelSpec.outputWidth()} values per sample (member-major), as {@link
   * org.ecoc4j.api.backend.TrainedNetwork#scores} gives them. What a later stage's {@link
   * StagePreparation} generates its table from.
   *
   * @throws IllegalArgumentException for images of another shape
   */
  float[] outputs(Split data);

  /**
   * Writes the backend's checkpoint (weights and optimizer state) to {@code file}, recording
   * {@code progress}, so that {@link TrainingEngine#resume} continues from it. The file is written
   * in place; the loop writes to a temporary name and renames it.
   */
  void saveCheckpoint(Path file, TrainingProgress progress);

  /**
   * Ends training and hands this network's resources to the trained network returned: this
   * object must not be used (or closed) afterwards.
   *
   * @param history one summary per epoch run by this call, over every stage
   * @param progress the position the trained network's checkpoints record
   */
  TrainedNetwork finish(List<EpochSummary> history, TrainingProgress progress);

  /** Releases the backend's resources. */
  @Override
  void close();
}
