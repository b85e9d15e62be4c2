package org.ecoc4j.attacks;

import java.util.List;
import org.ecoc4j.api.attack.Objective;
import org.ecoc4j.api.plugin.OptionSpec;
import org.ecoc4j.api.symbolic.Term;
import org.ecoc4j.api.symbolic.Terms;

/**
 * {@code codeword-margin}: the Carlini-Wagner margin on the worst-bit agreements of the raw
 * outputs {@code z} with each class codeword, {@code a_c = min_j b_cj z_j}, that is {@code
 * max_{c != label} a_c - a_label}. {@code a_c} is positive exactly when every output has the sign
 * of codeword {@code c}, so when the rounded word is {@code c}, and it is the logit of the Zadeh
 * truth {@code min_j sigmoid(b_cj z_j)} of codeword {@code c} (for one member): the surface a
 * decoder that accepts only whole codewords reads (for example {@code zadeh} over the full
 * codespace, which rejects every other word). An untargeted attack raises it until another
 * codeword agrees with all outputs better than the label's; a targeted attack (for example a
 * {@code top-K} sweep over the wrong classes) lowers it at the target until the target's codeword
 * wins every bit, which the decoder then accepts. The class {@code margin} on correlations can
 * instead end on a word no class owns, which such a decoder rejects. The minimum passes its
 * gradient to the worst bit; nothing saturates. Needs a network trained on codewords.
 */
public final class CodewordMarginObjective implements Objective {

  @Override
  public String name() {
    return "codeword-margin";
  }

  @Override
  public String description() {
    return "margin on the worst-bit agreement of the raw outputs with each class codeword, aimed"
        + " at a whole (accepted) wrong codeword";
  }

  @Override
  public List<OptionSpec> options() {
    return List.of();
  }

  @Override
  public Term loss(Terms terms) {
    Term outputs = terms.outputs();
    Term codewords = terms.codewords();
    int classes = codewords.rows();
    Term agreements = null;
    for (int c = 0; c < classes; c++) {
      float[] pick = new float[classes];
      pick[c] = 1f;
      Term codeword = terms.matMul(terms.matrix(pick, 1, classes), codewords);
      Term worst = terms.rowMin(terms.mul(outputs, codeword));
      Term placed = terms.mul(worst, terms.matrix(pick, 1, classes));
      agreements = agreements == null ? placed : terms.add(agreements, placed);
    }
    return ScoreTerms.margin(terms, agreements);
  }
}
