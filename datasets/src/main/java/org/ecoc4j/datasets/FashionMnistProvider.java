package org.ecoc4j.datasets;

import java.util.List;

/**
 * Fashion-MNIST (Zalando Research, MIT license): 28 x 28 grey images of 10 kinds of clothing. The
 * bundled sample holds 6,000 training and 1,000 test images, balanced over the classes.
 */
public final class FashionMnistProvider extends IdxDatasetProvider {

  /** The class names, indexed by label, as the dataset's authors name them. */
  public static final List<String> CLASS_NAMES =
      List.of(
          "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
          "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

  /** Creates the provider; used by {@link java.util.ServiceLoader}. */
  public FashionMnistProvider() {
    super("fashion-mnist", CLASS_NAMES);
  }

  @Override
  public String description() {
    return "Fashion-MNIST clothes, 10 classes of 1x28x28 images (IDX files or the bundled sample)";
  }
}
