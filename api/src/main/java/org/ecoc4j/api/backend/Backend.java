package org.ecoc4j.api.backend;

import java.nio.file.Path;
import java.util.Map;
import org.ecoc4j.api.plugin.Plugin;

/**
 * SPI: a training and inference engine for the model zoo (for example {@code ort}, ONNX Runtime).
 *
 * <p>Providers are stateless factories found with {@link java.util.ServiceLoader}. Devices,
 * threads, checkpointing and resuming are backend options (see {@link #options()}).
 */
public interface Backend extends Plugin {

  /**
   * Builds {@code model} and trains it with {@code loss} as {@code config} says.
   *
   * @param test evaluated after each epoch, or {@code null}
   * @param options backend options by name, validated against {@link #options()}
   * @return the trained network; close it
   * @throws IllegalArgumentException when the model, loss, configuration and data do not fit
   *     together, or for an unknown architecture
   * @throws org.ecoc4j.api.plugin.InvalidOptionException for unknown or malformed options
   * @throws UnsupportedOperationException for a device this installation cannot use, naming what
   *     is missing
   */
  TrainedNetwork train(
      ModelSpec model,
      LossSpec loss,
      TrainingConfig config,
      LabeledImages train,
      LabeledImages test,
      Map<String, String> options);

  /**
   * Rebuilds a network this backend trained from the checkpoint it saved ({@link
   * TrainedNetwork#saveCheckpoint}), with the same model, loss and training configuration, for
   * scoring and attacking without training.
   *
   * @param options backend options by name, validated against {@link #options()}
   * @return the network; its history is empty; close it
   * @throws IllegalArgumentException when the model, loss and configuration do not fit
   * @throws java.io.UncheckedIOException when the checkpoint cannot be read, or it does not hold
   *     the model's parameters
   */
  TrainedNetwork load(
      ModelSpec model,
      LossSpec loss,
      TrainingConfig config,
      Path checkpoint,
      Map<String, String> options);
}
