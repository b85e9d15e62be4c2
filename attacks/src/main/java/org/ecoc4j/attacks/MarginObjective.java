package org.ecoc4j.attacks;

import java.util.List;
import org.ecoc4j.api.attack.Objective;
import org.ecoc4j.api.plugin.OptionSpec;
import org.ecoc4j.api.symbolic.Term;
import org.ecoc4j.api.symbolic.Terms;

/**
 * {@code margin}: the Carlini-Wagner margin on the class scores,
 * {@code max_{j != label} s_j - s_label}, positive exactly when another class scores higher than
 * the label. It is not clipped, so its gradient never vanishes, and it has no softmax to saturate:
 * the adaptive objective against masked output codes.
 */
public final class MarginObjective implements Objective {

  @Override
  public String name() {
    return "margin";
  }

  @Override
  public String description() {
    return "Carlini-Wagner margin: best other class score minus the label's score";
  }

  @Override
  public List<OptionSpec> options() {
    return List.of();
  }

  @Override
  public Term loss(Terms terms) {
    return ScoreTerms.margin(terms, terms.classScores());
  }
}
