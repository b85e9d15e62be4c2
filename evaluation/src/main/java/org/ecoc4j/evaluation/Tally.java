package org.ecoc4j.evaluation;

/**
 * Counts of decisions on one kind of input (clean, or one attack at one epsilon): how many samples
 * were decided right, decided wrong and accepted, rejected, and, for attacks, how many of the
 * samples the clean input got right the attack turned into its goal ({@link Outcome#SUCCESS}); for
 * clean inputs also how many first choices among the class codewords were right ({@link
 * #addFirstChoice}).
 */
final class Tally {

  /** A first choice that is not known: the first-choice rule rejected the sample. */
  static final int NO_FIRST_CHOICE = -1;

  private long samples;
  private long correct;
  private long rejected;
  private long cleanCorrect;
  private long successes;
  private long firstChoices;
  private long firstChoicesRight;
  private boolean firstChoiceMissing;

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

  /**
   * Records the first choice of one sample among the class codewords, rejection ignored.
   *
   * @param choice the class ranked first, or {@link #NO_FIRST_CHOICE} when the rule gave none
   * @param label the sample's true class
   */
  void addFirstChoice(int choice, int label) {
    firstChoices++;
    firstChoiceMissing |= choice == NO_FIRST_CHOICE;
    firstChoicesRight += choice == label ? 1 : 0;
  }

  /**
   * The metrics of the counts so far; the first-choice accuracy is NaN unless every sample
   * recorded a known first choice.
   */
  Metrics metrics() {
    long accepted = samples - rejected;
    boolean firstChoiceKnown = firstChoices == samples && !firstChoiceMissing;
    return new Metrics(
        samples,
        ratio(correct, samples),
        firstChoiceKnown ? ratio(firstChoicesRight, samples) : Double.NaN,
        ratio(accepted - correct, samples),
        ratio(successes, cleanCorrect),
        ratio(rejected, samples),
        ratio(correct, accepted));
  }

  private static double ratio(long part, long whole) {
    return whole == 0 ? Double.NaN : part / (double) whole;
  }
}
