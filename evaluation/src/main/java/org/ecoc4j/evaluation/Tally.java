package org.ecoc4j.evaluation;

/**
 * Counts of decisions on one kind of input (clean, or one attack at one epsilon): how many samples
 * were decided right, decided wrong, rejected, and, for attacks, how many of the samples the
 * clean input got right the attack turned into a wrong accepted decision (or, targeted, into the
 * target).
 */
final class Tally {

  private long samples;
  private long correct;
  private long rejected;
  private long cleanCorrect;
  private long successes;

  /** Records one decision. */
  void add(boolean isCorrect, boolean isRejected, boolean wasCleanCorrect, boolean success) {
    samples++;
    correct += isCorrect ? 1 : 0;
    rejected += isRejected ? 1 : 0;
    cleanCorrect += wasCleanCorrect ? 1 : 0;
    successes += wasCleanCorrect && success ? 1 : 0;
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
