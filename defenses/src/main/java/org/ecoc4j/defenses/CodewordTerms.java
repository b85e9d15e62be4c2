package org.ecoc4j.defenses;

import java.util.ArrayList;
import java.util.List;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.symbolic.Term;
import org.ecoc4j.api.symbolic.Terms;

/**
 * The pieces of codeword losses, written with {@link Terms}, for networks of M members with K
 * outputs each (member-major), member {@code m} trained towards codebook {@code m}.
 */
final class CodewordTerms {

  /** The offset inside the ensemble entropy's logarithm (Eq. 5). */
  static final float LOG_OFFSET = 1e-20f;

  private CodewordTerms() {}

  /** Member {@code m}'s raw outputs, [batch, K]. */
  static Term member(Terms t, int m, int length) {
    return t.columns(t.outputs(), m * length, (m + 1) * length);
  }

  /**
   * Eq. 3 summed over members (Eq. 4's first term): for each member {@code (tanh(o_m) -
   * b_m,y)^2} reduced over its K bits by {@code reduction} (the sum of Eq. 3, or the mean),
   * summed over members, [batch, 1].
   */
  static Term squaredError(Terms t, List<Codebook> books, BitReduction reduction) {
    int length = books.get(0).length();
    Term total = null;
    for (int m = 0; m < books.size(); m++) {
      Codebook book = books.get(m);
      Term target = t.project(t.labels(), CodebookMatrices.rows(book), length);
      Term diff = t.sub(t.tanh(member(t, m, length)), target);
      Term mse = t.mul(t.rowSum(t.mul(diff, diff)), t.constant(reduction.factor(length)));
      total = total == null ? mse : t.add(total, mse);
    }
    return total;
  }

  /**
   * Each member's class posterior, [batch, N]: {@code softmax_c(b_m,c . tanh(o_m) / T)}, the
   * posterior of the deployed nearest-codeword decoder at temperature T.
   */
  static List<Term> posteriors(Terms t, List<Codebook> books, float temperature) {
    int length = books.get(0).length();
    int classes = books.get(0).classes();
    List<Term> posteriors = new ArrayList<>();
    for (int m = 0; m < books.size(); m++) {
      Term correlation =
          t.mul(
              t.project(
                  t.tanh(member(t, m, length)), CodebookMatrices.transposed(books.get(m)),
                  classes),
              t.constant(1f / temperature));
      posteriors.add(t.exp(t.logSoftmax(correlation)));
    }
    return posteriors;
  }

  /**
   * Eq. 5: the entropy {@code -sum_i P_i log(P_i + 1e-20)} of the ensemble's class probabilities
   * {@code P}, the mean of the members' posteriors, [batch, 1].
   */
  static Term ensembleEntropy(Terms t, List<Term> posteriors) {
    Term mean = null;
    for (Term p : posteriors) {
      mean = mean == null ? p : t.add(mean, p);
    }
    mean = t.mul(mean, t.constant(1f / posteriors.size()));
    return t.neg(t.rowSum(t.mul(mean, t.log(t.add(mean, t.constant(LOG_OFFSET))))));
  }
}
