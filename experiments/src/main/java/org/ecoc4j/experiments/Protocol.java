package org.ecoc4j.experiments;

import java.util.List;

/**
 * The sets of attacks an evaluation runs side by side, whose per-sample worst case is taken over
 * all of them: the papers' protocol (their own attacks, FGSM, PGD and MIM, on the network's
 * training loss, so that their tables can be compared), ecoc4j's standard suite ({@link
 * StandardSuite}: AutoAttack's attacks on the training loss and on the defense's adaptive
 * objective) and, for a network trained on codewords whose decoder accepts only whole codewords
 * (for example {@code zadeh} over the full codespace), the codeword protocol: attacks aimed at an
 * accepted wrong codeword. The adaptive protocol runs the papers' attacks on the defense's adaptive
 * objective instead of its training loss.
 */
public enum Protocol {
  /** The papers' protocol: their attacks on the training loss ({@code loss} objective). */
  PAPERS("papers"),
  /** The standard suite, {@value StandardSuite#NAME}. */
  STANDARD(StandardSuite.NAME),
  /**
   * APGD on {@code codeword-margin}, untargeted ({@code apgd-codeword}) and at each of the
   * standard suite's top wrong classes ({@code apgd-codeword-t}), with its steps: the objective
   * aims at a whole wrong codeword, which a rejecting decoder accepts. Needs codewords.
   */
  CODEWORDS("codewords"),
  /**
   * The papers' attacks, with the papers' settings, on the defense's adaptive objective (for
   * example {@code margin} on the class scores before the softmax) instead of its training loss;
   * each run is named {@code <attack>-<objective>}, e.g. {@code pgd-margin}.
   */
  ADAPTIVE("adaptive");

  /** The papers' protocol and the standard suite, what an evaluation runs by default. */
  public static final List<Protocol> BOTH = List.of(PAPERS, STANDARD);

  private final String word;

  Protocol(String word) {
    this.word = word;
  }

  /**
   * The protocol's name in reports: {@code papers}, {@code standard-v1}, {@code codewords} or
   * {@code adaptive}.
   */
  public String word() {
    return word;
  }
}
