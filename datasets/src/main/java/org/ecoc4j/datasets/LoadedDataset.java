package org.ecoc4j.datasets;

import java.util.List;
import java.util.Objects;
import org.ecoc4j.api.data.Augmentation;
import org.ecoc4j.api.data.Dataset;
import org.ecoc4j.api.data.DatasetException;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.data.Split;

/**
 * A dataset whose splits have been read and validated.
 *
 * @param name the provider's name
 * @param source where the data came from
 * @param classNames class names by label
 * @param train the training split
 * @param test the test split
 * @param trainingAugmentation the standard training augmentation
 */
public record LoadedDataset(
    String name,
    String source,
    List<String> classNames,
    Split train,
    Split test,
    Augmentation trainingAugmentation)
    implements Dataset {

  /**
   * Checks that both splits agree on shape and classes.
   *
   * @throws DatasetException naming the source when the training and test images differ in shape
   */
  public LoadedDataset {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(source, "source");
    classNames = List.copyOf(classNames);
    Objects.requireNonNull(trainingAugmentation, "trainingAugmentation");
    if (!train.shape().equals(test.shape())) {
      throw new DatasetException(
          source,
          "training images are " + train.shape() + " but test images are " + test.shape());
    }
    if (train.classes() != classNames.size() || test.classes() != classNames.size()) {
      throw new IllegalArgumentException(
          "splits have " + train.classes() + " and " + test.classes() + " classes but "
              + classNames.size() + " class names are given");
    }
  }

  @Override
  public ImageShape shape() {
    return train.shape();
  }
}
