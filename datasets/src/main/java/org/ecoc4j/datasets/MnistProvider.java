package org.ecoc4j.datasets;

import java.util.List;

/**
 * MNIST handwritten digits (Yann LeCun, Corinna Cortes and Christopher Burges): 28 x 28 grey
 * images of the digits 0 to 9. The bundled sample holds 3,000 training and 1,000 test images,
 * balanced over the classes.
 */
public final class MnistProvider extends IdxDatasetProvider {

  /** The class names: the digits. */
  public static final List<String> CLASS_NAMES =
      List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

  /** Creates the provider; used by {@link java.util.ServiceLoader}. */
  public MnistProvider() {
    super("mnist", CLASS_NAMES);
  }

  @Override
  public String description() {
    return "MNIST handwritten digits, 10 classes of 1x28x28 images (IDX files or the bundled sample)";
  }
}
