package org.ecoc4j.backends.ort;

/**
 * The cost of an ensemble of M members in one graph relative to M separate networks: the time of
 * one step of the M members divided by M times the time of one member's step, from the two rates.
 * Below 1, the ensemble costs less than M times one member.
 */
final class EnsembleCost {

  private EnsembleCost() {}

  /**
   * {@code (1 / ensembleRate) / (members / oneRate)}.
   *
   * @throws IllegalArgumentException for fewer than one member or a rate that is not positive
   */
  static double of(int members, double oneRate, double ensembleRate) {
    if (members < 1 || !(oneRate > 0) || !(ensembleRate > 0)) {
      throw new IllegalArgumentException("ensemble cost needs members >= 1 and positive rates, got "
          + members + ", " + oneRate + ", " + ensembleRate);
    }
    return oneRate / (members * ensembleRate);
  }
}
