package org.ecoc4j.api.data;

import java.util.List;

/**
 * An opened image classification dataset: its images' shape, its classes and its training and
 * test {@link Split}s. Obtained from a {@link DatasetProvider}.
 *
 * <p>Both splits share {@link #shape()} and {@link #classes()}. The test split is always the whole
 * test set in its stored order; limited-data options of a provider only shrink the training split.
 */
public interface Dataset {

  /** The provider's name, e.g. {@code fashion-mnist}. */
  String name();

  /** Where the data came from, for provenance: the folder read, or the bundled sample's name. */
  String source();

  /** The shape of every image. */
  ImageShape shape();

  /** Class names, indexed by label. */
  List<String> classNames();

  /** Number of classes. */
  default int classes() {
    return classNames().size();
  }

  /** The training split. */
  Split train();

  /** The test split. */
  Split test();

  /**
   * The split called {@code name}: {@code train} or {@code test}.
   *
   * @throws IllegalArgumentException for any other name
   */
  default Split split(String name) {
    switch (name) {
      case "train":
        return train();
      case "test":
        return test();
      default:
        throw new IllegalArgumentException(
            "unknown split '" + name + "' of dataset " + name() + "; use train or test");
    }
  }

  /**
   * The augmentation the papers use when training on this dataset: random crops with padding and
   * horizontal flips for CIFAR-style data, {@link Augmentation#NONE} for digits and clothes.
   */
  Augmentation trainingAugmentation();
}
