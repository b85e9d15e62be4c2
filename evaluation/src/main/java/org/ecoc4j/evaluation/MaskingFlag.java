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
    ACCURACY_FLAT_IN_EPSILON,
    /**
     * A stronger attack did clearly worse than a weaker one on the same budget: an iterative
     * attack above FGSM, or PGD above APGD by more than the noise.
     */
    WEAKER_ATTACK_WINS,
    /** A black-box attack broke samples that every white-box attack before it left right. */
    BLACK_BOX_BREAKS_WHAT_WHITE_BOX_LEFT
  }
}
