package org.ecoc4j.api.backend;

import java.util.Objects;

/**
 * How the learning rate changes during training, as a factor of the configured rate.
 *
 * <ul>
 *   <li>{@link Kind#CONSTANT}: always 1.
 *   <li>{@link Kind#STEP}: {@code gamma^floor((epoch - 1) / everyEpochs)}, constant within an
 *       epoch.
 *   <li>{@link Kind#COSINE}: {@code (1 + cos(pi * t / T)) / 2} for optimizer step {@code t} of
 *       {@code T}, from 1 at the first step towards 0 at the end.
 * </ul>
 *
 * @param kind the shape of the schedule
 * @param everyEpochs for {@link Kind#STEP}: epochs between decays; 0 otherwise
 * @param gamma for {@link Kind#STEP}: the decay factor in (0, 1]; 1 otherwise
 */
public record LearningRateSchedule(Kind kind, int everyEpochs, double gamma) {

  /** The schedule shapes. */
  public enum Kind {
    /** No change. */
    CONSTANT,
    /** Multiply by gamma every few epochs. */
    STEP,
    /** Cosine annealing over all steps. */
    COSINE
  }

  /** Checks the parameters of the kind. */
  public LearningRateSchedule {
    Objects.requireNonNull(kind, "kind");
    if (kind == Kind.STEP) {
      if (everyEpochs < 1) {
        throw new IllegalArgumentException("step schedule needs everyEpochs >= 1, got " + everyEpochs);
      }
      if (!(gamma > 0 && gamma <= 1)) {
        throw new IllegalArgumentException("step schedule needs gamma in (0, 1], got " + gamma);
      }
    } else if (everyEpochs != 0 || gamma != 1) {
      throw new IllegalArgumentException(kind + " schedule takes no everyEpochs or gamma");
    }
  }

  /** No change. */
  public static LearningRateSchedule constant() {
    return new LearningRateSchedule(Kind.CONSTANT, 0, 1);
  }

  /** Multiply by {@code gamma} every {@code everyEpochs} epochs. */
  public static LearningRateSchedule step(int everyEpochs, double gamma) {
    return new LearningRateSchedule(Kind.STEP, everyEpochs, gamma);
  }

  /** Cosine annealing over all optimizer steps. */
  public static LearningRateSchedule cosine() {
    return new LearningRateSchedule(Kind.COSINE, 0, 1);
  }

  /**
   * The factor of the learning rate at a batch.
   *
   * @param epoch 1-based epoch
   * @param epochs number of epochs
   * @param batch 0-based batch within the epoch
   * @param batches batches per epoch
   * @throws IllegalArgumentException for positions outside the run
   */
  public double factor(int epoch, int epochs, int batch, int batches) {
    if (epoch < 1 || epoch > epochs || batch < 0 || batch >= batches) {
      throw new IllegalArgumentException(
          "batch " + batch + "/" + batches + " of epoch " + epoch + "/" + epochs
              + " is outside the run");
    }
    return switch (kind) {
      case CONSTANT -> 1;
      case STEP -> Math.pow(gamma, (epoch - 1) / everyEpochs);
      case COSINE -> {
        double t = (epoch - 1) * (double) batches + batch;
        double total = epochs * (double) batches;
        yield 0.5 * (1 + Math.cos(Math.PI * t / total));
      }
    };
  }
}
