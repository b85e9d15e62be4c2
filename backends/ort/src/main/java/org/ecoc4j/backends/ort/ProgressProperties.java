package org.ecoc4j.backends.ort;

import org.ecoc4j.api.training.TrainingProgress;

/**
 * Where the ort backend's checkpoints record a run's {@link TrainingProgress}: integers of ONNX
 * Runtime's checkpoint property bag, {@value #EPOCH} (epochs of the stage done) and {@value
 * #STAGE} (0-based stage). A checkpoint written before stages existed has no stage: it is stage 0.
 */
final class ProgressProperties {

  /** Checkpoint property holding the number of epochs completed in the stage. */
  static final String EPOCH = "ecoc4j.epoch";

  /** Checkpoint property holding the 0-based stage. */
  static final String STAGE = "ecoc4j.stage";

  private ProgressProperties() {}

  /** Records {@code progress} in the session's state; saved with its next checkpoint. */
  static void write(TrainingSession session, TrainingProgress progress) {
    session.setProperty(EPOCH, progress.epochsDone());
    session.setProperty(STAGE, progress.stage());
  }

  /**
   * The progress a serialized checkpoint records.
   *
   * @throws OrtException when ONNX Runtime refuses the checkpoint or it records no epochs
   */
  static TrainingProgress read(byte[] checkpoint) {
    int epochs = (int) TrainingSession.property(checkpoint, EPOCH);
    int stage;
    try {
      stage = (int) TrainingSession.property(checkpoint, STAGE);
    } catch (OrtException noStage) {
      stage = 0;
    }
    return new TrainingProgress(stage, epochs);
  }
}
