package org.ecoc4j.training;

/**
 * A training step's loss was not finite (NaN or infinite): the weights are lost, and training
 * stops rather than continue on them. Lower the learning rate, or check the data.
 */
public final class TrainingDivergedException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  TrainingDivergedException(String stageName, float loss, int epoch, int batch) {
    super("training diverged: loss " + loss + " at " + stageName + "epoch " + epoch + ", batch "
        + batch);
  }
}
