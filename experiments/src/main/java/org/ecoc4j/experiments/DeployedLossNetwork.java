package org.ecoc4j.experiments;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.ecoc4j.api.attack.Objective;
import org.ecoc4j.api.backend.Backend;
import org.ecoc4j.api.backend.EpochSummary;
import org.ecoc4j.api.backend.GradientOracle;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.backend.TrainedNetwork;

/**
 * A network whose last training stage had another loss than the deployed one (a contrastive ECOC
 * defense: Eq. 9 or 11 against each batch's class means or a fixed table, where the deployed loss
 * is the cross-entropy of the cosine softmax over the learned or given table), bound to the
 * deployed loss: its gradient oracles, what the attacks' {@code loss} and class scores are
 * computed with, are those of the same weights reloaded by the backend with the deployed loss, as
 * {@code ecoc4j evaluate} loads them from the model directory; its scores, history, checkpoints
 * and export are the trained network's. Closing it closes both.
 */
final class DeployedLossNetwork implements TrainedNetwork {

  private final TrainedNetwork trained;
  private final TrainedNetwork deployed;

  private DeployedLossNetwork(TrainedNetwork trained, TrainedNetwork deployed) {
    this.trained = trained;
    this.deployed = deployed;
  }

  /**
   * Binds {@code trained} to {@code loss}: its checkpoint, written to a temporary folder, is
   * loaded by {@code backend} with that loss, then deleted. The result owns {@code trained}; on
   * failure {@code trained} stays open, for the caller to close.
   *
   * @throws UncheckedIOException when the temporary checkpoint cannot be written or removed
   */
  static TrainedNetwork bind(TrainedNetwork trained, Backend backend, ModelSpec model,
      LossSpec loss, Map<String, String> backendOptions) {
    Objects.requireNonNull(trained, "trained");
    try {
      Path folder = Files.createTempDirectory("ecoc4j-deployed-loss");
      Path checkpoint = folder.resolve("network.ckpt");
      try {
        trained.saveCheckpoint(checkpoint);
        return new DeployedLossNetwork(
            trained, backend.load(model, loss, checkpoint, backendOptions));
      } finally {
        try (var files = Files.list(folder)) {
          for (Path file : files.toList()) {
            Files.deleteIfExists(file);
          }
        }
        Files.deleteIfExists(folder);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind the deployed loss to the trained network", e);
    }
  }

  @Override
  public ModelSpec spec() {
    return trained.spec();
  }

  @Override
  public List<EpochSummary> history() {
    return trained.history();
  }

  @Override
  public float[] scores(float[] images, int count) {
    return trained.scores(images, count);
  }

  @Override
  public GradientOracle gradientOracle(int maxBatch) {
    return deployed.gradientOracle(maxBatch);
  }

  @Override
  public GradientOracle gradientOracle(int maxBatch, Objective objective) {
    return deployed.gradientOracle(maxBatch, objective);
  }

  @Override
  public void exportInference(Path file) {
    trained.exportInference(file);
  }

  @Override
  public void saveCheckpoint(Path file) {
    trained.saveCheckpoint(file);
  }

  @Override
  public void close() {
    try {
      deployed.close();
    } finally {
      trained.close();
    }
  }
}
