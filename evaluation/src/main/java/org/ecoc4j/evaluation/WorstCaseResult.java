package org.ecoc4j.evaluation;

/**
 * The per-sample worst case over every attack of an evaluation at one radius (AutoAttack's way of
 * reporting, Croce and Hein 2020): each sample counts with the worst {@link Outcome} any attack
 * left it in, from best to worst decided right, rejected, decided a wrong class other than a
 * one-target attack's target, attack goal reached. So a sample is right only if no attack broke
 * it, and the robust accuracy is at most every attack's.
 *
 * @param epsilon the radius
 * @param metrics the metrics of the worst outcomes, with {@link Metrics}' definitions
 */
public record WorstCaseResult(double epsilon, Metrics metrics) {

  /** The name of the worst case in reports, where an attack's name would be. */
  public static final String NAME = "worst-case";
}
