package org.ecoc4j.attacks;

import java.util.List;
import org.ecoc4j.api.attack.Objective;
import org.ecoc4j.api.plugin.OptionSpec;
import org.ecoc4j.api.symbolic.Term;
import org.ecoc4j.api.symbolic.Terms;

/**
 * {@code dlr-targeted}: the targeted Difference of Logits Ratio of Croce and Hein (2020,
 * AutoAttack) at the target {@code t} that {@link Terms#labels()} holds for a targeted goal,
 * {@code (max_{i != t} z_i - z_t) / (z_pi1 - (z_pi3 + z_pi4) / 2 + 1e-12)}, which targeted attacks
 * descend (it is negative exactly when the target has the highest score).
 *
 * <p>The paper's form is {@code -(z_y - z_t) / (z_pi1 - (z_pi3 + z_pi4) / 2)}, ascended, with the
 * true class {@code y}. Objectives see only the attack's labels, which for a targeted goal are the
 * targets, so the numerator uses the best other class instead of {@code y}: while the true class
 * scores highest (every correctly classified sample at the start of the attack) the two are equal
 * up to the sign the descent convention asks for, and they differ only once some class other than
 * the target has overtaken {@code y}, where this form keeps pushing the target above that class.
 * Shifting or positively scaling the scores leaves it unchanged.
 */
public final class TargetedDlrObjective implements Objective {

  @Override
  public String name() {
    return "dlr-targeted";
  }

  @Override
  public String description() {
    return "targeted Difference of Logits Ratio (AutoAttack): best other class minus the target, "
        + "over z_pi1 - (z_pi3 + z_pi4) / 2; for targeted attacks";
  }

  @Override
  public List<OptionSpec> options() {
    return List.of();
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException for fewer than 4 classes
   */
  @Override
  public Term loss(Terms terms) {
    Term scores = ScoreTerms.classScores(terms, name(), 4);
    Term lower = terms.mul(
        terms.add(terms.rowKthLargest(scores, 3), terms.rowKthLargest(scores, 4)),
        terms.constant(0.5f));
    Term spread = terms.sub(terms.rowKthLargest(scores, 1), lower);
    return ScoreTerms.ratio(terms, ScoreTerms.margin(terms, scores), spread);
  }
}
