package org.ecoc4j.experiments;

import java.util.List;
import org.ecoc4j.api.data.Augmentation;
import org.ecoc4j.api.data.Dataset;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.data.Split;

/**
 * A dataset whose training or test split is a part of another's (the contrastive ECOC paper's
 * Table 3 divides each dataset into train, generation, validation and test parts): everything
 * else is {@code whole}'s.
 *
 * @param whole the dataset divided
 * @param train the training split kept
 * @param test the test split kept
 */
record PartialDataset(Dataset whole, Split train, Split test) implements Dataset {

  @Override
  public String name() {
    return whole.name();
  }

  @Override
  public String source() {
    return whole.source();
  }

  @Override
  public ImageShape shape() {
    return whole.shape();
  }

  @Override
  public List<String> classNames() {
    return whole.classNames();
  }

  @Override
  public Augmentation trainingAugmentation() {
    return whole.trainingAugmentation();
  }
}
