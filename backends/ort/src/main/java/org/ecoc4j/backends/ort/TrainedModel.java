package org.ecoc4j.backends.ort;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.ecoc4j.api.attack.Objective;
import org.ecoc4j.api.backend.EpochSummary;
import org.ecoc4j.api.backend.GradientOracle;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.backend.TrainedNetwork;
import org.ecoc4j.api.symbolic.BlockMixing;
import org.ecoc4j.api.training.TrainingProgress;
import org.ecoc4j.backends.onnx.training.Checkpoint;
import org.ecoc4j.backends.onnx.training.TrainingArtifacts;
import org.ecoc4j.backends.onnx.zoo.ModelZoo;
import org.ecoc4j.backends.onnx.zoo.ZooModel;
import org.ecoc4j.training.AtomicFiles;

/**
 * A network trained on ONNX Runtime, still held by its ONNX Runtime training session: scores,
 * checkpoints, export of the inference model, and gradient oracles for attacks. Close it.
 */
public final class TrainedModel implements TrainedNetwork {

  private final ZooModel model;
  private final LossSpec loss;
  private final TrainingArtifacts artifacts;
  private final TrainingSession session;
  private final List<EpochSummary> history;
  private final OrtSettings settings;
  private final TrainingProgress progress;

  TrainedModel(
      ZooModel model,
      LossSpec loss,
      TrainingArtifacts artifacts,
      TrainingSession session,
      List<EpochSummary> history,
      OrtSettings settings,
      TrainingProgress progress) {
    this.model = model;
    this.loss = loss;
    this.artifacts = artifacts;
    this.session = session;
    this.history = List.copyOf(history);
    this.settings = settings;
    this.progress = progress;
  }

  @Override
  public ModelSpec spec() {
    return model.spec();
  }

  /**
   * The current weights in a graph mixed around one block ({@link BlockMixedNetwork}).
   *
   * @throws IllegalArgumentException for a block the architecture does not declare, naming those
   *     it does
   */
  @Override
  public TrainedNetwork aroundBlock(BlockMixing mixing) {
    model.checkBlock(mixing.block());
    return new BlockMixedNetwork(
        this, ModelZoo.create(model.spec().withBlockMixing(mixing)), loss, session.parameters(),
        settings);
  }

  @Override
  public List<EpochSummary> history() {
    return history;
  }

  @Override
  public Optional<TrainingProgress> position() {
    return Optional.of(progress);
  }

  @Override
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
   * {@code file}, then renamed over it, so an interruption leaves the previous file intact. The
   * checkpoint records the stage and epochs done, so {@link Trainer#resume} continues from it.
   */
  @Override
  public void saveCheckpoint(Path file) {
    ProgressProperties.write(session, progress);
    AtomicFiles.write(file, temporary -> session.saveCheckpoint(temporary, true));
  }

  /**
   * Writes the plain inference ONNX model (input {@code images} [batch, C, H, W], output
   * {@code scores}) that stock ONNX Runtime runs, through {@code ExportModelForInferencing}.
   */
  @Override
  public void exportInference(Path file) {
    session.exportForInference(file);
  }

  @Override
  public GradientOracle gradientOracle(int maxBatch) {
    return new OrtGradientOracle(model, loss, session.parameters(), maxBatch, settings);
  }

  @Override
  public GradientOracle gradientOracle(int maxBatch, Objective objective) {
    return new OrtGradientOracle(model, loss, objective, session.parameters(), maxBatch, settings);
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
