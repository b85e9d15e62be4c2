package org.ecoc4j.evaluation;

import java.util.List;

/**
 * The radii and iterations an evaluation uses on a dataset unless told otherwise, the same for
 * {@code ecoc4j attack} and {@code ecoc4j evaluate}: for MNIST, Fashion-MNIST and any other
 * single-channel data, L-infinity epsilon 0.05 and 0.1 with 40 iterations (the random-binary
 * ensemble paper, section IV.A); for CIFAR-10 and any other colour data, 4/255 and 8/255 (8/255 is
 * AutoAttack's and RobustBench's CIFAR-10 radius) with 10 iterations (the same paper).
 *
 * @param epsilons the radii
 * @param steps the iterations of iterative attacks
 */
public record DatasetDefaults(List<Double> epsilons, int steps) {

  /** Copies the radii. */
  public DatasetDefaults {
    epsilons = List.copyOf(epsilons);
  }

  /** The defaults of a dataset, by name, else by its number of channels. */
  public static DatasetDefaults of(String dataset, int channels) {
    boolean grey = switch (dataset) {
      case "mnist", "fashion-mnist" -> true;
      case "cifar10" -> false;
      default -> channels == 1;
    };
    return grey
        ? new DatasetDefaults(List.of(0.05, 0.1), 40)
        : new DatasetDefaults(List.of(4 / 255.0, 8 / 255.0), 10);
  }
}
