package org.ecoc4j.evaluation;

/**
 * Counts of decisions on one kind of input (clean, or one attack at one epsilon): how many samples
 * were decided right, decided wrong, rejected, and, for attacks, how many of the samples the
 * clean input got right the attack turned into its goal ({@link Outcome#SUCCESS}).
 */
final class Tally {

  private long samples;
  private long correct;
  private long rejected;
  private long cleanCorrect;
  private long successes;

  /**
   * Records one decision.
   *
   * @param outcome what the decoder made of the sample
   * @param wasCleanCorrect whether the clean input was decided right (always false for clean
   *     inputs, whose success rate is undefined)
   */
  void add(Outcome outcome, boolean wasCleanCorrect) {
    samples++;
    correct += outcome == Outcome.RIGHT ? 1 : 0;
    rejected += outcome == Outcome.REJECTED ? 1 : 0;
    cleanCorrect += wasCleanCorrect ? 1 : 0;
    successes += wasCleanCorrect && outcome == Outcome.SUCCESS ? 1 : 0;
  }

  /** The metrics of the counts so far. */
  Metrics metrics() {
    long accepted = samples - rejected;
    return new Metrics(
        samples,
        ratio(correct, samples),
        ratio(successes, cleanCorrect),
        ratio(rejected, samples),
        ratio(correct, accepted));
  }

  private static double ratio(long part, long whole) {
    return whole == 0 ? Double.NaN : part / (double) whole;
  }
}
