package org.ecoc4j.api.backend;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.ecoc4j.api.attack.Objective;
import org.ecoc4j.api.symbolic.BlockMixing;
import org.ecoc4j.api.training.TrainingProgress;

/**
 * A network a {@link Backend} trained, still held by the backend: scores, checkpoints, export of
 * a plain inference ONNX model, and gradient oracles for attacks. Holds native resources: close
 * it. Not thread-safe.
 */
public interface TrainedNetwork extends AutoCloseable {

  /** What was trained. */
  ModelSpec spec();

  /**
   * The same weights in a network mixed across the batch around one of its blocks ({@link
   * BlockMixing}): it takes exactly {@code mixing.inputs()} images and gives {@code
   * mixing.outputs()} rows, and its gradient oracles differentiate through both mixings (the
   * batch of an oracle is then exactly {@code mixing.inputs()}). The caller closes it; closing it
   * leaves this network open. By default refused: a backend that can build the mixed network
   * overrides this.
   *
   * @throws UnsupportedOperationException for a network that cannot be run mixed around a block
   * @throws IllegalArgumentException for a block the architecture does not declare (the message
   *     names those it does)
   */
  default TrainedNetwork aroundBlock(BlockMixing mixing) {
    throw new UnsupportedOperationException(
        "this " + spec().architecture() + " network (" + getClass().getSimpleName()
            + ") cannot be run mixed around block '" + mixing.block() + "'");
  }

  /** One summary per epoch run by the call that produced this network. */
  List<EpochSummary> history();

  /**
   * Where in its training run this network's weights were taken: the last stage and its last
   * epoch, or with model selection on a validation split the epoch selected (for a network loaded
   * from a checkpoint, the position it records); empty when not known. By default empty.
   */
  default Optional<TrainingProgress> position() {
    return Optional.empty();
  }

  /**
   * The network's outputs for {@code count} images, {@code count x spec().outputWidth()}
   * row-major (member-major within a row).
   *
   * @throws IllegalArgumentException when {@code images} does not hold {@code count} images
   */
  float[] scores(float[] images, int count);

  /**
   * A gradient oracle of the training loss with the current parameters frozen.
   *
   * @param maxBatch the largest batch it will be asked for
   */
  GradientOracle gradientOracle(int maxBatch);

  /**
   * A gradient oracle of an attack objective (compiled by the backend from its symbolic terms)
   * with the current parameters frozen.
   *
   * @param maxBatch the largest batch it will be asked for
   * @param objective the per-sample loss whose values and input gradients are returned
   * @throws IllegalArgumentException for an objective that does not give one value per sample
   */
  GradientOracle gradientOracle(int maxBatch, Objective objective);

  /**
   * Writes a plain inference ONNX model: input {@code images} [batch, C, H, W], output
   * {@code scores} [batch, outputWidth].
   */
  void exportInference(Path file);

  /** Saves a checkpoint from which training can resume, atomically (write, then rename). */
  void saveCheckpoint(Path file);

  /** Releases the native resources. */
  @Override
  void close();
}
