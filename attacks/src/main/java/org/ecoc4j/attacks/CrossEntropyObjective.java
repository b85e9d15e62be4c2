package org.ecoc4j.attacks;

import java.util.List;
import org.ecoc4j.api.attack.Objective;
import org.ecoc4j.api.plugin.OptionSpec;
import org.ecoc4j.api.symbolic.Term;
import org.ecoc4j.api.symbolic.Terms;

/** {@code cross-entropy}: {@code -log softmax(class scores)[label]}. */
public final class CrossEntropyObjective implements Objective {

  @Override
  public String name() {
    return "cross-entropy";
  }

  @Override
  public String description() {
    return "softmax cross-entropy of the class scores at the label";
  }

  @Override
  public List<OptionSpec> options() {
    return List.of();
  }

  @Override
  public Term loss(Terms terms) {
    Term logProbabilities = terms.logSoftmax(terms.classScores());
    return terms.neg(terms.rowSum(terms.mul(terms.labels(), logProbabilities)));
  }
}
