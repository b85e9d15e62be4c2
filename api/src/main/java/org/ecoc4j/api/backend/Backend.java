package org.ecoc4j.api.backend;

import org.ecoc4j.api.data.Split;

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
      Split train,
      Split test,
      Map<String, String> options);
}
