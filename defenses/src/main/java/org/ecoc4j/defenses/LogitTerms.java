package org.ecoc4j.defenses;

import java.util.ArrayList;
import java.util.List;
import org.ecoc4j.api.symbolic.Term;
import org.ecoc4j.api.symbolic.Terms;

/**
 * The pieces of losses of networks with one-hot outputs, written with {@link Terms}: M members
 * with N logits each, member-major.
 */
final class LogitTerms {

  private LogitTerms() {}

  /** Member {@code m}'s log-softmax, [batch, N]. */
  static Term logProbabilities(Terms t, int m, int classes) {
    return t.logSoftmax(t.columns(t.outputs(), m * classes, (m + 1) * classes));
  }

  /** Softmax cross-entropy at the label, summed over members, [batch, 1]. */
  static Term crossEntropy(Terms t, int members, int classes) {
    Term total = null;
    for (int m = 0; m < members; m++) {
      Term nll = t.neg(t.rowSum(t.mul(t.labels(), logProbabilities(t, m, classes))));
      total = total == null ? nll : t.add(total, nll);
    }
    return total;
  }

  /** Each member's softmax, [batch, N]. */
  static List<Term> probabilities(Terms t, int members, int classes) {
    List<Term> p = new ArrayList<>();
    for (int m = 0; m < members; m++) {
      p.add(t.exp(logProbabilities(t, m, classes)));
    }
    return p;
  }
}
