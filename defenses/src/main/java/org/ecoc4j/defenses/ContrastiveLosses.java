package org.ecoc4j.defenses;

import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.codebook.CodeTable;
import org.ecoc4j.api.symbolic.Term;
import org.ecoc4j.api.symbolic.Terms;

/**
 * The stage losses of contrastive ECOC (Eq. 8, 9 and 11 of the paper), per sample, on the K
 * outputs of the ECOC encoder (InfoNCE on the projection head's outputs where pretraining has a
 * head); the terms are {@link ContrastiveTerms}.
 */
final class ContrastiveLosses {

  private ContrastiveLosses() {}

  /**
   * Pretraining (Eq. 8): {@code L_InfoNCE + lambda L_csl} on the two views of each image stacked
   * (the first view's rows, then the second's). As in the paper (Sec. 2.2.1) and the authors'
   * code, InfoNCE reads the projection head's outputs {@code z = g(c)} and column separation the
   * ECOC encoder's codewords {@code c}; without a head InfoNCE reads {@code c} too.
   *
   * @param images B, the images of a batch
   * @param head whether the stage has a projection head ({@link Terms#projection()})
   */
  static LossSpec pretraining(
      int classes, int length, int images, float tau, float lambda, boolean head) {
    return LossSpec.learnedCodes(classes, length).withTermLoss(
        "InfoNCE (Eq. 2, tau " + tau + ")" + (head ? " on the projection head" : "") + " + "
            + lambda + " x column separation (Eq. 1)",
        t -> t.add(ContrastiveTerms.infoNce(t, contrasted(t, head), images, tau),
            t.mul(t.constant(lambda), ContrastiveTerms.columnSeparation(t, t.outputs()))));
  }

  /**
   * SimCLR's pretraining: InfoNCE (Eq. 2) alone, on the projection head's outputs or, without a
   * head, on the network's.
   */
  static LossSpec simclr(int classes, int images, float tau, boolean head) {
    return LossSpec.crossEntropy(classes).withTermLoss(
        "InfoNCE (Eq. 2, tau " + tau + ")" + (head ? " on the projection head" : ""),
        t -> ContrastiveTerms.infoNce(t, contrasted(t, head), images, tau));
  }

  /** What InfoNCE compares: the projection head's outputs, or the network's without a head. */
  private static Term contrasted(Terms t, boolean head) {
    return head ? t.projection() : t.outputs();
  }

  /**
   * Fine-tuning against the class means of each batch, computed from the current weights: Eq. 9
   * ({@code L_ce + L_hl + L_rsl}), plus the maximum cosine similarity of Eq. 10 for Eq. 11.
   */
  static LossSpec onBatchMeans(int classes, int length, float tau, boolean maxCosine) {
    String name = maxCosine
        ? "Eq. 11: cross-entropy + hinge + row separation + maximum cosine, batch class means"
        : "Eq. 9: cross-entropy + hinge + row separation, batch class means";
    return LossSpec.learnedCodes(classes, length).withTermLoss(name, t -> {
      Term c = t.outputs();
      Term present = ContrastiveTerms.presentClasses(t);
      Term codes = ContrastiveTerms.batchClassMeans(t, c);
      Term loss = fineTuning(t, c, codes, present, tau);
      return maxCosine ? t.add(loss, ContrastiveTerms.maxCosine(t, codes, present)) : loss;
    });
  }

  /** Training against a fixed code table: Eq. 9 ({@code L_ce + L_hl + L_rsl}). */
  static LossSpec onTable(CodeTable table, float tau) {
    float[] values = table.toFloatArray();
    int classes = table.classes();
    int length = table.length();
    return LossSpec.codeTable(table).withTermLoss(
        "Eq. 9: cross-entropy + hinge + row separation, fixed code table",
        t -> fineTuning(t, t.outputs(), t.matrix(values, classes, length), t.constant(1f), tau));
  }

  private static Term fineTuning(Terms t, Term c, Term codes, Term classes, float tau) {
    return t.add(t.add(ContrastiveTerms.crossEntropy(t, c, codes, classes),
            ContrastiveTerms.hinge(t, c, codes)),
        ContrastiveTerms.rowSeparation(t, c, codes, classes, tau));
  }
}
