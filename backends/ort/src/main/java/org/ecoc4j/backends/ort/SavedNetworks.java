package org.ecoc4j.backends.ort;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.training.TrainingProgress;
import org.ecoc4j.backends.onnx.training.Checkpoint;
import org.ecoc4j.backends.onnx.training.CheckpointReader;
import org.ecoc4j.backends.onnx.training.NamedTensor;
import org.ecoc4j.backends.onnx.training.TrainingArtifacts;
import org.ecoc4j.backends.onnx.zoo.ZooModel;

/** Opens networks from checkpoints that {@link TrainedModel#saveCheckpoint} wrote. */
final class SavedNetworks {

  private SavedNetworks() {}

  /**
   * Opens the network in a training session over fresh artifacts of {@code model} and
   * {@code loss}, restored from the checkpoint; the stage and epochs it records count as done.
   *
   * @throws IllegalArgumentException when the checkpoint is corrupt or lacks a parameter of the
   *     model, or a parameter has another shape or holds a NaN or infinite value (named)
   * @throws UncheckedIOException when the file cannot be read
   * @throws OrtException when ONNX Runtime refuses the checkpoint, or it lacks the epoch count
   *     that {@link TrainedModel#saveCheckpoint} records
   */
  static TrainedModel load(ZooModel model, LossSpec loss, Path checkpoint, OrtSettings settings) {
    byte[] saved;
    try {
      saved = Files.readAllBytes(checkpoint);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read checkpoint " + checkpoint, e);
    }
    Checkpoint parameters;
    try {
      parameters = CheckpointReader.read(saved);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("checkpoint " + checkpoint + ": " + e.getMessage(), e);
    }
    model.parameters().forEach(p -> {
      NamedTensor tensor = parameters.parameter(p.name());
      long[] dims = tensor.dims();
      if (!Arrays.equals(dims, p.dims())) {
        throw new IllegalArgumentException(
            "checkpoint " + checkpoint + ": parameter " + p.name() + " has dims "
                + Arrays.toString(dims) + ", model " + model.spec() + " expects "
                + Arrays.toString(p.dims()));
      }
      float[] values = tensor.values();
      for (int i = 0; i < values.length; i++) {
        if (!Float.isFinite(values[i])) {
          throw new IllegalArgumentException(
              "checkpoint " + checkpoint + ": parameter " + p.name() + " holds " + values[i]
                  + " at index " + i + ": the checkpoint is corrupt or its training diverged");
        }
      }
    });
    TrainingArtifacts artifacts = TrainingArtifacts.build(model, loss, TrainingConfig.adamW(1, 1, 0));
    TrainingProgress progress = ProgressProperties.read(saved);
    TrainingSession session = new TrainingSession(artifacts, saved, settings);
    return new TrainedModel(model, loss, artifacts, session, List.of(), settings, progress);
  }
}
