package org.ecoc4j.experiments;

import java.util.List;
import java.util.Objects;
import org.ecoc4j.api.attack.Budget;

/**
 * The attacks of an evaluation: the papers' attacks as the papers run them (L-infinity,
 * untargeted, each attack at every epsilon, iterative attacks with {@code steps} steps of each
 * attack's reference size, on the training loss) and the settings of the standard suite run
 * beside them.
 *
 * @param attacks the papers' attack plugin names, with their default options, in report order
 * @param epsilons the radii
 * @param steps iterations of iterative attacks
 * @param samples how many test samples to attack (the first ones)
 * @param batchSize samples per batch
 * @param seed seed of the attacks' random choices
 * @param standard the settings of the standard suite ({@link StandardSuite#V1} by default)
 */
public record AttackSuite(
    List<String> attacks, List<Double> epsilons, int steps, int samples, int batchSize, long seed,
    StandardSuite standard) {

  /** Copies the lists and refuses empty ones, non-finite or negative radii, non-positive sizes. */
  public AttackSuite {
    attacks = List.copyOf(Objects.requireNonNull(attacks, "attacks"));
    epsilons = List.copyOf(Objects.requireNonNull(epsilons, "epsilons"));
    if (attacks.isEmpty() || epsilons.isEmpty()) {
      throw new IllegalArgumentException("an attack suite needs at least one attack and epsilon");
    }
    epsilons.forEach(Budget::requireEpsilon);
    Objects.requireNonNull(standard, "standard");
    if (steps < 1 || samples < 1 || batchSize < 1) {
      throw new IllegalArgumentException(
          "steps, samples and batch size must be positive, got " + steps + ", " + samples + ", "
              + batchSize);
    }
  }

  /** A suite with the standard suite's reference settings, {@link StandardSuite#V1}. */
  public AttackSuite(
      List<String> attacks, List<Double> epsilons, int steps, int samples, int batchSize,
      long seed) {
    this(attacks, epsilons, steps, samples, batchSize, seed, StandardSuite.V1);
  }

  /** A copy with other standard-suite settings. */
  public AttackSuite withStandard(StandardSuite settings) {
    return new AttackSuite(attacks, epsilons, steps, samples, batchSize, seed, settings);
  }

  /**
   * The random-binary ensemble paper's suite for MNIST and Fashion-MNIST: FGSM, PGD and MIM at
   * epsilon 0.05 and 0.1, 40 iterations.
   */
  public static AttackSuite papers(int samples) {
    return new AttackSuite(List.of("fgsm", "pgd", "mim"), List.of(0.05, 0.1), 40, samples, 100, 1);
  }
}
