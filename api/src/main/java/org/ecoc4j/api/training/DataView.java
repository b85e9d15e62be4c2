package org.ecoc4j.api.training;

import java.util.Objects;
import java.util.Optional;
import org.ecoc4j.api.data.Augmentation;
import org.ecoc4j.api.data.Dataset;

/**
 * How a stage sees each training sample: through the dataset's training augmentation ({@link
 * Dataset#trainingAugmentation()}, e.g. none for Fashion-MNIST, crop and flip for CIFAR-10), or
 * through an augmentation the stage chooses itself (e.g. one of the two random views of a
 * contrastive stage). Test data is never augmented.
 *
 * @param augmentation the stage's own augmentation, or empty for the dataset's
 */
public record DataView(Optional<Augmentation> augmentation) {

  /** Refuses null. */
  public DataView {
    Objects.requireNonNull(augmentation, "augmentation");
  }

  /** The view through the dataset's training augmentation. */
  public static DataView dataset() {
    return new DataView(Optional.empty());
  }

  /** The view through {@code augmentation}, whatever the dataset's. */
  public static DataView augmentedBy(Augmentation augmentation) {
    return new DataView(Optional.of(Objects.requireNonNull(augmentation, "augmentation")));
  }

  /** The augmentation this view applies, given the dataset's. */
  public Augmentation resolve(Augmentation datasetAugmentation) {
    return augmentation.orElse(Objects.requireNonNull(datasetAugmentation, "datasetAugmentation"));
  }
}
