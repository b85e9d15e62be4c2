package org.ecoc4j.api.backend;

import java.util.Objects;

/**
 * How to train: epochs, batch size, AdamW settings (PyTorch's AdamW), seed, shuffling and the
 * learning-rate schedule.
 *
 * <p>Every epoch sees the training data in an order drawn from {@code seed} and the epoch number
 * (when {@code shuffle}; otherwise in index order): a Fisher-Yates shuffle, from the last position
 * down, driven by {@code new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * epoch))}. A last batch
 * smaller than {@code batchSize} is left out of that epoch, so different samples are left out each
 * epoch. In a later stage of a multi-stage run ({@link org.ecoc4j.api.training.TrainingStage}) the
 * same rule uses a seed drawn from {@code seed} and the stage's index.
 *
 * @param epochs number of passes over the training data
 * @param batchSize samples per optimizer step
 * @param learningRate AdamW step size
 * @param weightDecay AdamW decoupled weight decay
 * @param beta1 AdamW first-moment decay
 * @param beta2 AdamW second-moment decay
 * @param epsilon AdamW denominator term
 * @param seed seed of weight initialisation and shuffling
 * @param shuffle whether to shuffle the training data each epoch
 * @param schedule how the learning rate changes over the run
 */
public record TrainingConfig(
    int epochs,
    int batchSize,
    double learningRate,
    double weightDecay,
    double beta1,
    double beta2,
    double epsilon,
    long seed,
    boolean shuffle,
    LearningRateSchedule schedule) {

  /** Refuses values outside their ranges, naming the field. */
  public TrainingConfig {
    positive("epochs", epochs);
    positive("batchSize", batchSize);
    if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
      throw new IllegalArgumentException("learningRate must be positive, got " + learningRate);
    }
    if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
      throw new IllegalArgumentException("weightDecay must be >= 0, got " + weightDecay);
    }
    fraction("beta1", beta1);
    fraction("beta2", beta2);
    if (!(epsilon > 0) || !Double.isFinite(epsilon)) {
      throw new IllegalArgumentException("epsilon must be positive, got " + epsilon);
    }
    Objects.requireNonNull(schedule, "schedule");
  }

  /**
   * Typical settings: AdamW with learning rate 1e-3, weight decay 1e-4, betas 0.9 and 0.999,
   * epsilon 1e-8, shuffled, constant learning rate.
   */
  public static TrainingConfig adamW(int epochs, int batchSize, long seed) {
    return new TrainingConfig(
        epochs, batchSize, 1e-3, 1e-4, 0.9, 0.999, 1e-8, seed, true,
        LearningRateSchedule.constant());
  }

  /** A copy with another learning rate. */
  public TrainingConfig withLearningRate(double rate) {
    return new TrainingConfig(
        epochs, batchSize, rate, weightDecay, beta1, beta2, epsilon, seed, shuffle, schedule);
  }

  /** A copy with another learning-rate schedule. */
  public TrainingConfig withSchedule(LearningRateSchedule newSchedule) {
    return new TrainingConfig(
        epochs, batchSize, learningRate, weightDecay, beta1, beta2, epsilon, seed, shuffle,
        newSchedule);
  }

  /** A copy with another number of epochs. */
  public TrainingConfig withEpochs(int count) {
    return new TrainingConfig(
        count, batchSize, learningRate, weightDecay, beta1, beta2, epsilon, seed, shuffle,
        schedule);
  }

  private static void positive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }

  private static void fraction(String name, double value) {
    if (!(value >= 0 && value < 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1), got " + value);
    }
  }
}
