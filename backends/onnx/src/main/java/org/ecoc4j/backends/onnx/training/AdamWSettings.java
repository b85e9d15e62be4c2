package org.ecoc4j.backends.onnx.training;

import org.ecoc4j.api.backend.TrainingConfig;

/**
 * Attributes of ONNX Runtime's {@code AdamWOptimizer} node (PyTorch's AdamW: adam_mode 0, bias
 * correction on).
 *
 * @param beta1 first-moment decay
 * @param beta2 second-moment decay
 * @param epsilon denominator term
 * @param weightDecay decoupled weight decay
 */
public record AdamWSettings(double beta1, double beta2, double epsilon, double weightDecay) {

  /** The settings of a training configuration. */
  public static AdamWSettings of(TrainingConfig config) {
    return new AdamWSettings(
        config.beta1(), config.beta2(), config.epsilon(), config.weightDecay());
  }
}
