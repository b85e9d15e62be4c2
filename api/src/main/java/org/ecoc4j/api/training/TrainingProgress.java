package org.ecoc4j.api.training;

/**
 * How far a run has come, as a checkpoint records it: the stage it is in and the epochs of that
 * stage already done. Resuming runs the rest of that stage, then the later stages.
 *
 * @param stage 0-based index of the stage
 * @param epochsDone epochs of that stage completed, at least 0
 */
public record TrainingProgress(int stage, int epochsDone) {

  /** Refuses negative positions. */
  public TrainingProgress {
    if (stage < 0 || epochsDone < 0) {
      throw new IllegalArgumentException(
          "training progress needs a stage and epochs >= 0, got stage " + stage + ", "
              + epochsDone + " epochs");
    }
  }
}
