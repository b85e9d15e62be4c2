package org.ecoc4j.backends.ort;

/**
 * Training stopped between two steps because its thread was interrupted (for example by
 * {@code Ctrl-C}, through {@link InterruptGuard}). The last complete checkpoint, if the trainer
 * keeps one, is intact and resumable.
 */
public final class TrainingInterruptedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int epochsCompleted;

  TrainingInterruptedException(int epochsCompleted, int epoch, int batch) {
    super("training interrupted at epoch " + epoch + ", batch " + batch + "; " + epochsCompleted
        + " complete epoch(s) are in the last checkpoint, if one is kept");
    this.epochsCompleted = epochsCompleted;
  }

  /** Epochs finished (and checkpointed, if a checkpoint is kept) before the interruption. */
  public int epochsCompleted() {
    return epochsCompleted;
  }
}
