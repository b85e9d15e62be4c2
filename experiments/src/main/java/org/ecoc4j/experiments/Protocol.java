package org.ecoc4j.experiments;

/**
 * The two sets of attacks an evaluation runs side by side, whose per-sample worst case is taken
 * over both: the papers' protocol (their own attacks, FGSM, PGD and MIM, on the network's training
 * loss, so that their tables can be compared) and ecoc4j's standard suite ({@link StandardSuite}:
 * AutoAttack's attacks on the training loss and on the defense's adaptive objective).
 */
public enum Protocol {
  /** The papers' protocol: their attacks on the training loss ({@code loss} objective). */
  PAPERS("papers"),
  /** The standard suite, {@value StandardSuite#NAME}. */
  STANDARD(StandardSuite.NAME);

  private final String word;

  Protocol(String word) {
    this.word = word;
  }

  /** The protocol's name in reports: {@code papers} or {@code standard-v1}. */
  public String word() {
    return word;
  }
}
