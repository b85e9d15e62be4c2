package org.ecoc4j.api.training;

import java.util.Objects;
import java.util.Optional;
import org.ecoc4j.api.data.Augmentation;
import org.ecoc4j.api.data.Dataset;
import org.ecoc4j.api.data.Split;

/**
 * What a training run reads: the training split, the split evaluated after each epoch (if any),
 * the training augmentation of the dataset, which a stage's {@link DataView#dataset()} view
 * applies, and the generation split on which a stage with a {@link StagePreparation} runs the
 * previous stage's network (if any).
 *
 * @param train the training split
 * @param test evaluated after each epoch; empty for none
 * @param augmentation the dataset's training augmentation ({@link Augmentation#NONE} for none)
 * @param generation the split a stage's preparation generates its code table on, held out of
 *     training; empty for none
 * @param validation the split that selects the deployed epoch: evaluated after each epoch, the
 *     last stage's epoch of the highest validation accuracy (the earliest of equals) is the one
 *     the run returns; empty to return the last epoch
 */
public record TrainingData(
    Split train, Optional<Split> test, Augmentation augmentation, Optional<Split> generation,
    Optional<Split> validation) {

  /** Refuses nulls. */
  public TrainingData {
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(test, "test");
    Objects.requireNonNull(augmentation, "augmentation");
    Objects.requireNonNull(generation, "generation");
    Objects.requireNonNull(validation, "validation");
  }

  /** Without a generation or a validation split. */
  public TrainingData(Split train, Optional<Split> test, Augmentation augmentation) {
    this(train, test, augmentation, Optional.empty(), Optional.empty());
  }

  /** A dataset's training and test splits and its training augmentation. */
  public static TrainingData of(Dataset dataset) {
    return new TrainingData(
        dataset.train(), Optional.of(dataset.test()), dataset.trainingAugmentation());
  }

  /**
   * Splits without augmentation.
   *
   * @param test evaluated after each epoch, or {@code null} for none
   */
  public static TrainingData of(Split train, Split test) {
    return new TrainingData(train, Optional.ofNullable(test), Augmentation.NONE);
  }

  /** A copy with another training augmentation. */
  public TrainingData augmentedBy(Augmentation newAugmentation) {
    return new TrainingData(train, test, newAugmentation, generation, validation);
  }

  /** A copy whose stage preparations generate their code tables on {@code split}. */
  public TrainingData withGeneration(Split split) {
    return new TrainingData(train, test, augmentation,
        Optional.of(Objects.requireNonNull(split, "split")), validation);
  }

  /** A copy that deploys the last stage's epoch of the best accuracy on {@code split}. */
  public TrainingData withValidation(Split split) {
    return new TrainingData(train, test, augmentation, generation,
        Optional.of(Objects.requireNonNull(split, "split")));
  }
}
