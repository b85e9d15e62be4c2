package org.ecoc4j.attacks;

import java.util.List;
import org.ecoc4j.api.attack.Objective;
import org.ecoc4j.api.plugin.OptionSpec;
import org.ecoc4j.api.symbolic.Term;
import org.ecoc4j.api.symbolic.Terms;

/**
 * {@code loss}: the defended model's own per-sample training loss (for example the squared error
 * of {@code tanh} outputs against the label's codewords), the objective the papers attack.
 */
public final class TrainingLossObjective implements Objective {

  @Override
  public String name() {
    return "loss";
  }

  @Override
  public String description() {
    return "the model's own per-sample training loss (the papers' protocol)";
  }

  @Override
  public List<OptionSpec> options() {
    return List.of();
  }

  @Override
  public Term loss(Terms terms) {
    return terms.trainingLoss();
  }
}
