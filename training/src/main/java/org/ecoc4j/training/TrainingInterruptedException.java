package org.ecoc4j.training;

/**
 * Training stopped between two steps because its thread was interrupted (for example by
 * {@code Ctrl-C}, through the loop's shutdown hook). The last complete checkpoint, if the loop
 * keeps one, is intact and resumable.
 */
public final class TrainingInterruptedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int stage;
  private final int epochsCompleted;

  TrainingInterruptedException(String stageName, int stage, int epochsCompleted, int epoch,
      int batch) {
    super("training interrupted at " + stageName + "epoch " + epoch + ", batch " + batch + "; "
        + epochsCompleted + " complete epoch(s) are in the last checkpoint, if one is kept");
    this.stage = stage;
    this.epochsCompleted = epochsCompleted;
  }

  /** The 0-based stage that was running. */
  public int stage() {
    return stage;
  }

  /**
   * Epochs of that stage finished (and checkpointed, if a checkpoint is kept) before the
   * interruption.
   */
  public int epochsCompleted() {
    return epochsCompleted;
  }
}
