package org.ecoc4j.attacks;

import org.ecoc4j.api.symbolic.Term;
import org.ecoc4j.api.symbolic.Terms;

/** Pieces of the objectives on class scores, written with {@link Terms}. */
final class ScoreTerms {

  /** Pushes the label's own score out of the maximum over the other classes. */
  private static final float EXCLUDE = 1e9f;

  private ScoreTerms() {}

  /**
   * The class scores, refused when there are fewer than {@code needed} classes.
   *
   * @throws IllegalArgumentException naming {@code objective} and the number of classes
   */
  static Term classScores(Terms terms, String objective, int needed) {
    Term scores = terms.classScores();
    if (scores.width() < needed) {
      throw new IllegalArgumentException(
          objective + " needs at least " + needed + " classes (it reads the " + needed
              + " largest class scores), the model has " + scores.width());
    }
    return scores;
  }

  /** {@code max_{i != label} s_i - s_label}, the Carlini-Wagner margin at the labels. */
  static Term margin(Terms terms, Term scores) {
    Term labels = terms.labels();
    Term others = terms.sub(scores, terms.mul(labels, terms.constant(EXCLUDE)));
    return terms.sub(terms.rowMax(others), terms.rowSum(terms.mul(labels, scores)));
  }

  /** {@code numerator / (spread + 1e-12)}, the paper's guard against a zero spread. */
  static Term ratio(Terms terms, Term numerator, Term spread) {
    return terms.div(numerator, terms.add(spread, terms.constant(1e-12f)));
  }
}
