package org.ecoc4j.backends.ort;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.backends.onnx.training.Checkpoint;
import org.ecoc4j.backends.onnx.training.CheckpointReader;
import org.ecoc4j.backends.onnx.training.NamedTensor;
import org.ecoc4j.backends.onnx.training.TrainingArtifacts;
import org.ecoc4j.backends.onnx.zoo.ModelZoo;
import org.ecoc4j.backends.onnx.zoo.ParameterSpec;
import org.ecoc4j.backends.onnx.zoo.ZooModel;

/**
 * Rebuilds a trained model from a checkpoint a {@link Trainer} saved: the same artifacts, a
 * session on the saved parameters. Every parameter's name and shape is checked in Java against
 * the model before ONNX Runtime sees the checkpoint.
 */
final class CheckpointLoader {

  private CheckpointLoader() {}

  /**
   * Loads the checkpoint.
   *
   * @throws UncheckedIOException when the file cannot be read or does not hold the model's
   *     parameters, naming the first that differs
   */
  static TrainedModel load(
      ModelSpec spec, LossSpec loss, TrainingConfig config, Path file, OrtSettings settings) {
    byte[] saved;
    try {
      saved = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read checkpoint " + file, e);
    }
    ZooModel model = ModelZoo.create(spec);
    Checkpoint checkpoint;
    try {
      checkpoint = CheckpointReader.read(saved);
    } catch (IllegalArgumentException e) {
      throw new UncheckedIOException(
          new IOException("checkpoint " + file + " is corrupt: " + e.getMessage(), e));
    }
    for (ParameterSpec p : model.parameters()) {
      NamedTensor value = find(checkpoint, p.name(), file);
      if (!Arrays.equals(value.dims(), p.dims())) {
        throw new UncheckedIOException(new IOException(
            "checkpoint " + file + ": parameter " + p.name() + " has dims "
                + Arrays.toString(value.dims()) + ", model '" + spec.architecture()
                + "' expects " + Arrays.toString(p.dims())));
      }
    }
    TrainingArtifacts artifacts = TrainingArtifacts.build(model, loss, config);
    TrainingSession session = new TrainingSession(artifacts, saved, settings);
    return new TrainedModel(model, loss, artifacts, session, List.of(), settings, config.epochs());
  }

  private static NamedTensor find(Checkpoint checkpoint, String name, Path file) {
    try {
      return checkpoint.parameter(name);
    } catch (IllegalArgumentException e) {
      throw new UncheckedIOException(new IOException(
          "checkpoint " + file + " does not hold parameter " + name + ": " + e.getMessage(), e));
    }
  }
}
