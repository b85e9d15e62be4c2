package org.ecoc4j.experiments;

import org.ecoc4j.api.defense.PreparedDefense;

/**
 * Whose objective the attacks optimize: the papers' protocol attacks the network's own training
 * loss; the adaptive protocol attacks the defense's adaptive objective (a margin on the class
 * scores before any saturating function).
 */
public enum Protocol {
  /** The papers' protocol: the training loss ({@code loss} objective). */
  PAPERS("papers"),
  /** The defense's adaptive objective. */
  ADAPTIVE("adaptive");

  private final String word;

  Protocol(String word) {
    this.word = word;
  }

  /** The protocol's name in reports: {@code papers} or {@code adaptive}. */
  public String word() {
    return word;
  }

  /** The objective plugin this protocol attacks {@code design} with. */
  public String objective(PreparedDefense design) {
    return this == PAPERS ? "loss" : design.adaptiveObjective();
  }
}
