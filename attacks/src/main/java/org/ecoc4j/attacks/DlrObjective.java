package org.ecoc4j.attacks;

import java.util.List;
import org.ecoc4j.api.attack.Objective;
import org.ecoc4j.api.plugin.OptionSpec;
import org.ecoc4j.api.symbolic.Term;
import org.ecoc4j.api.symbolic.Terms;

/**
 * {@code dlr}: the Difference of Logits Ratio of Croce and Hein (2020, AutoAttack) on the class
 * scores {@code z}, {@code (max_{i != y} z_i - z_y) / (z_pi1 - z_pi3 + 1e-12)} where {@code pi}
 * sorts the scores in decreasing order. This is the paper's {@code -(z_y - max_{i != y} z_i) /
 * (z_pi1 - z_pi3)}, the loss its attacks ascend: like {@code margin} it is positive exactly when
 * another class scores higher than the label, and untargeted attacks increase it. Dividing by the
 * spread of the top scores makes it invariant to shifting and to positive scaling of the scores,
 * so a defense cannot hide behind a rescaled score surface. It is at least {@code -1}.
 *
 * <p>With a targeted goal the same formula is descended at the target (the target is pushed to the
 * top); {@code dlr-targeted} is the paper's targeted form.
 */
public final class DlrObjective implements Objective {

  @Override
  public String name() {
    return "dlr";
  }

  @Override
  public String description() {
    return "Difference of Logits Ratio (AutoAttack): the margin divided by z_pi1 - z_pi3";
  }

  @Override
  public List<OptionSpec> options() {
    return List.of();
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException for fewer than 3 classes
   */
  @Override
  public Term loss(Terms terms) {
    Term scores = ScoreTerms.classScores(terms, name(), 3);
    Term spread = terms.sub(terms.rowKthLargest(scores, 1), terms.rowKthLargest(scores, 3));
    return ScoreTerms.ratio(terms, ScoreTerms.margin(terms, scores), spread);
  }
}
