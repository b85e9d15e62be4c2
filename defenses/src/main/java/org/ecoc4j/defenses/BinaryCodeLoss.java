package org.ecoc4j.defenses;

import java.util.Arrays;
import java.util.Locale;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.plugin.OptionSpec;
import org.ecoc4j.api.symbolic.Term;
import org.ecoc4j.api.symbolic.Terms;

/**
 * The per-sample losses of a network with K outputs {@code o} trained on the label's binary
 * codeword; all but {@link #SOFTMAX} read them as sigmoid outputs {@code y_j = sigmoid(o_j)} of
 * the label's codeword {@code c} in {0, 1}^K (Klimo, Lukáč and Tarábek, "Deep Neural Networks
 * Classification via Binary Error-Detecting Output Codes", Appl. Sci. 2021, section 2.2), written
 * with {@link Terms}. Each is built from the per-bit truth of Eq. 9, {@code t(y_j = c_j) = y_j} if
 * {@code c_j = 1} and {@code 1 - y_j} if {@code c_j = 0}, computed as {@code sigmoid(b_j o_j)} with
 * {@code b_j = 2 c_j - 1} the codebook's +1/-1 bit (the same value, without the cancellation of
 * {@code 1 - sigmoid(o)} for large outputs).
 */
enum BinaryCodeLoss {
  /**
   * The paper's Zadeh loss (section 2.5): {@code 1 - t} with {@code t = min_j t(y_j = c_j)}, the
   * Zadeh truth (Eq. 10) of the sample's codeword; its gradient flows to the worst bit only.
   */
  ZADEH("Zadeh loss 1 - min_j t(y_j = c_j)"),
  /**
   * Binary cross-entropy per bit, averaged over the K bits: {@code mean_j -log t(y_j = c_j)},
   * computed as {@code softplus(-b_j o_j)} without overflow.
   */
  BCE("binary cross-entropy per bit, mean over bits"),
  /**
   * Squared error per bit, averaged over the K bits: {@code mean_j (y_j - c_j)^2 = mean_j (1 -
   * t(y_j = c_j))^2}.
   */
  MSE("squared error of sigmoid outputs per bit, mean over bits"),
  /**
   * The paper's "CRC7 softmax" comparison (after its reference [11], ECOC with softmax):
   * categorical cross-entropy of {@code softmax_c(o . b_c)}, the softmax over the correlations of
   * the raw outputs with the +1/-1 class codewords, decoded by {@code correlation-softmax}; it
   * does not use the code's error detection.
   */
  SOFTMAX("cross-entropy of the softmax over codeword correlations");

  /** The option's name. */
  static final String OPTION = "loss";

  private final String description;

  BinaryCodeLoss(String description) {
    this.description = description;
  }

  /** The option, {@code zadeh} by default as the paper trains. */
  static OptionSpec option() {
    return OptionSpec.ofChoice(
        OPTION, ZADEH.word(),
        "training loss: zadeh (1 - min over bits of the bit truth of the sigmoid outputs, the"
            + " paper's), bce (binary cross-entropy per bit), mse (squared error per bit) or"
            + " softmax (cross-entropy of the softmax over codeword correlations)",
        Arrays.stream(values()).map(BinaryCodeLoss::word).toArray(String[]::new));
  }

  /** The option's word for this loss. */
  String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The loss of a word. */
  static BinaryCodeLoss ofWord(String word) {
    return valueOf(word.toUpperCase(Locale.ROOT));
  }

  /** What the loss is called in provenance and messages. */
  String description() {
    return description;
  }

  /** The per-sample loss, [batch, 1], of one network of K outputs trained on {@code book}. */
  Term perSample(Terms t, Codebook book) {
    Term one = t.constant(1f);
    switch (this) {
      case ZADEH:
        return t.sub(one, t.rowMin(t.sigmoid(margins(t, book))));
      case BCE:
        return t.rowMean(softplus(t, t.neg(margins(t, book))));
      case MSE:
        Term error = t.sub(one, t.sigmoid(margins(t, book)));
        return t.rowMean(t.mul(error, error));
      case SOFTMAX:
        Term correlations =
            t.project(t.outputs(), CodebookMatrices.transposed(book), book.classes());
        return t.neg(t.rowSum(t.mul(t.labels(), t.logSoftmax(correlations))));
      default:
        throw new AssertionError(this);
    }
  }

  /** {@code b_j o_j}, [batch, K]: the outputs signed by the label's +1/-1 codeword bits. */
  private static Term margins(Terms t, Codebook book) {
    Term signs = t.project(t.labels(), CodebookMatrices.rows(book), book.length());
    return t.mul(signs, t.outputs());
  }

  /**
   * {@code softplus(x) = log(1 + exp(x)) = relu(x) + log(1 + exp(-|x|))}, with {@code |x| =
   * relu(x) + relu(-x)}: no exponential of a positive number, so no overflow.
   */
  private static Term softplus(Terms t, Term x) {
    Term magnitude = t.add(t.relu(x), t.relu(t.neg(x)));
    return t.add(t.relu(x), t.log(t.add(t.constant(1f), t.exp(t.neg(magnitude)))));
  }
}
