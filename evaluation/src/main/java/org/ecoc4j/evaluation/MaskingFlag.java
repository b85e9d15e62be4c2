package org.ecoc4j.evaluation;

/**
 * A sign that the robustness measured may be an artefact of masked gradients rather than real.
 *
 * @param kind which check raised it
 * @param message what was seen, with the numbers
 */
public record MaskingFlag(Kind kind, String message) {

  /** The checks. */
  public enum Kind {
    /** Some input gradients of the objective were zero everywhere. */
    ZERO_GRADIENT,
    /** Some input gradients of the objective held NaN or infinite entries. */
    NON_FINITE_GRADIENT,
    /** A black-box attack got robust accuracy clearly below every white-box attack's. */
    BLACK_BOX_BEATS_WHITE_BOX,
    /** An attack's robust accuracy rose clearly as epsilon grew. */
    ACCURACY_RISES_WITH_EPSILON,
    /** An attack's robust accuracy did not fall from the smallest to the largest epsilon. */
    ACCURACY_FLAT_IN_EPSILON
  }
}
