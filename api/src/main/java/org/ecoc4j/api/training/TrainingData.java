package org.ecoc4j.api.training;

import java.util.Objects;
import java.util.Optional;
import org.ecoc4j.api.data.Augmentation;
import org.ecoc4j.api.data.Dataset;
import org.ecoc4j.api.data.Split;

/**
 * What a training run reads: the training split, the split evaluated after each epoch (if any)
 * and the training augmentation of the dataset, which a stage's {@link DataView#dataset()} view
 * applies.
 *
 * @param train the training split
 * @param test evaluated after each epoch; empty for none
 * @param augmentation the dataset's training augmentation ({@link Augmentation#NONE} for none)
 */
public record TrainingData(Split train, Optional<Split> test, Augmentation augmentation) {

  /** Refuses nulls. */
  public TrainingData {
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(test, "test");
    Objects.requireNonNull(augmentation, "augmentation");
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
    return new TrainingData(train, test, newAugmentation);
  }
}
