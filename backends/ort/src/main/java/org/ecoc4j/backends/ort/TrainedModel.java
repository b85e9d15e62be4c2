package org.ecoc4j.backends.ort;

import java.nio.file.Path;
import java.util.List;
import org.ecoc4j.api.backend.GradientOracle;
import org.ecoc4j.api.backend.ImageShape;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.backends.onnx.training.Checkpoint;
import org.ecoc4j.backends.onnx.training.TrainingArtifacts;
import org.ecoc4j.backends.onnx.zoo.ZooModel;

/**
 * A model a {@link Trainer} trained, still held by its ONNX Runtime training session: scores,
 * checkpoints, export of the inference model, and gradient oracles for attacks. Close it.
 */
public final class TrainedModel implements AutoCloseable {

  private final ZooModel model;
  private final LossSpec loss;
  private final TrainingArtifacts artifacts;
  private final TrainingSession session;
  private final List<EpochReport> history;
  private final OrtDevice device;

  TrainedModel(
      ZooModel model,
      LossSpec loss,
      TrainingArtifacts artifacts,
      TrainingSession session,
      List<EpochReport> history,
      OrtDevice device) {
    this.model = model;
    this.loss = loss;
    this.artifacts = artifacts;
    this.session = session;
    this.history = List.copyOf(history);
    this.device = device;
  }

  /** The model's specification. */
  public ModelSpec spec() {
    return model.spec();
  }

  /** One report per epoch trained. */
  public List<EpochReport> history() {
    return history;
  }

  /**
   * The scores of {@code count} images, [count, members * outputs] row-major.
   *
   * @throws IllegalArgumentException when {@code images} does not hold {@code count} images
   */
  public float[] scores(float[] images, int count) {
    ImageShape shape = model.spec().input();
    try (NativeTensor x =
        NativeTensor.floats(images, count, shape.channels(), shape.height(), shape.width())) {
      return session.scores(x).values();
    }
  }

  /** The current parameter values. */
  public Checkpoint parameters() {
    return session.parameters();
  }

  /**
   * Saves an ONNX Runtime checkpoint with the optimizer state atomically: written next to
   * {@code file}, then renamed over it, so an interruption leaves the previous file intact.
   */
  public void saveCheckpoint(Path file) {
    CheckpointFiles.saveAtomically(session, file);
  }

  /**
   * Writes the plain inference ONNX model (input {@code images} [batch, C, H, W], output
   * {@code scores}) that stock ONNX Runtime runs.
   */
  public void exportInference(Path file) {
    session.exportForInference(file);
  }

  /**
   * A gradient oracle of the training loss with the current parameters frozen.
   *
   * @param maxBatch the largest batch it will be asked for
   */
  public GradientOracle gradientOracle(int maxBatch) {
    return new OrtGradientOracle(model, loss, session.parameters(), maxBatch, device);
  }

  /** The artifacts the session was built from. */
  public TrainingArtifacts artifacts() {
    return artifacts;
  }

  @Override
  public void close() {
    session.close();
  }
}
