package org.ecoc4j.defenses;

import org.ecoc4j.api.symbolic.Term;
import org.ecoc4j.api.symbolic.Terms;

/**
 * The losses of contrastive ECOC (Chou and Chen, "Contrastive ECOC: Learning Output Codes for
 * Adversarial Defense"), written with the symbolic terms and with gradients through every one of
 * them. {@code c} is the batch of codewords the ECOC encoder predicts, [rows, K]; a code table is
 * [N, K], one code per class (a constant learned earlier, or the batch's class means). Batch-level
 * terms (Eq. 1, Eq. 10) are [1, 1] and broadcast over the per-sample loss, so their batch mean is
 * the equation's value.
 */
final class ContrastiveTerms {

  private ContrastiveTerms() {}

  /**
   * InfoNCE (Eq. 2) per row of {@code z}, two views stacked: rows {@code 0..B-1} are the first
   * view of the batch's images and rows {@code B..2B-1} the second, so the positive of row {@code
   * i} is row {@code (i + B) mod 2B}: {@code -sim(z_i, z_p) / tau + log sum_{k != i} exp(sim(z_i,
   * z_k) / tau)}.
   *
   * @param images B, the images of the batch (the term has 2B rows)
   * @throws IllegalArgumentException for fewer than 2 images: InfoNCE needs a negative
   */
  static Term infoNce(Terms t, Term z, int images, float tau) {
    if (images < 2) {
      throw new IllegalArgumentException("InfoNCE (Eq. 2) needs at least 2 images per batch (each"
          + " image's negatives are the other images' views), got a batch of " + images);
    }
    int rows = 2 * images;
    float[] positives = new float[rows * rows];
    for (int i = 0; i < rows; i++) {
      positives[i * rows + (i + images) % rows] = 1f;
    }
    Term s = t.div(t.cosines(z, z), t.constant(tau));
    Term positive = t.rowSum(t.mul(s, t.matrix(positives, rows, rows)));
    return t.sub(t.rowLogSumExp(s, others(t, rows)), positive);
  }

  /**
   * Column separation (Eq. 1), [1, 1]: {@code sum_{j < k} sim(c_fj, c_fk)}, the cosines of the
   * distinct pairs of columns of {@code c} over the batch (each column is one base classifier's
   * outputs).
   */
  static Term columnSeparation(Terms t, Term c) {
    int k = c.width();
    float[] upper = new float[k * k];
    for (int i = 0; i < k; i++) {
      for (int j = i + 1; j < k; j++) {
        upper[i * k + j] = 1f;
      }
    }
    Term columns = t.transpose(c);
    Term sims = t.mul(t.cosines(columns, columns), t.matrix(upper, k, k));
    return total(t, sims);
  }

  /**
   * The classes present in the batch, [1, N]: 1 where the batch holds a sample of the class, 0
   * where it holds none ({@code min(count, 1)} of the integer counts).
   */
  static Term presentClasses(Terms t) {
    Term counts = t.columnSum(t.labels());
    return t.sub(counts, t.relu(t.sub(counts, t.constant(1f))));
  }

  /**
   * The batch's class means (Eq. 3 on the batch), [N, K]: the code of class {@code k} is the mean
   * of the rows of {@code c} labelled {@code k}; a class without a sample gets a zero row, which
   * the losses below leave out through {@link #presentClasses}.
   */
  static Term batchClassMeans(Terms t, Term c) {
    Term counts = t.columnSum(t.labels());
    Term absent = t.sub(t.constant(1f), presentClasses(t));
    Term sums = t.matMul(t.transpose(t.labels()), c);
    return t.div(sums, t.transpose(t.add(counts, absent)));
  }

  /**
   * Cross-entropy (Eq. 6) of the decoder's probabilities (Eq. 5), per sample: {@code -sim(c_i,
   * code_y) + log sum_k exp(sim(c_i, code_k))} over the classes of weight 1 in {@code classes}.
   *
   * @param codes the code table, [N, K]
   * @param classes which codes take part, [1, N] (all ones for a fixed codebook)
   */
  static Term crossEntropy(Terms t, Term c, Term codes, Term classes) {
    Term s = t.cosines(c, codes);
    return t.sub(t.rowLogSumExp(s, classes), own(t, s));
  }

  /** Hinge (Eq. 7) per sample: {@code max(0.5 - sim(c_i, code_y), 0)}. */
  static Term hinge(Terms t, Term c, Term codes) {
    return t.relu(t.sub(t.constant(0.5f), own(t, t.cosines(c, codes))));
  }

  /**
   * Row separation (Eq. 4) per sample: the positive of {@code c_i} is its own class's code and
   * the negatives are the other classes' codes, {@code -sim(c_i, code_y) / tau + log sum_{k != y}
   * exp(sim(c_i, code_k) / tau)} over the classes of weight 1 in {@code classes}.
   */
  static Term rowSeparation(Terms t, Term c, Term codes, Term classes, float tau) {
    Term s = t.div(t.cosines(c, codes), t.constant(tau));
    Term negatives = t.mul(t.sub(t.constant(1f), t.labels()), classes);
    return t.sub(t.rowLogSumExp(s, negatives), own(t, s));
  }

  /**
   * Maximum cosine similarity of two distinct codes (Eq. 10), [1, 1], among the classes of weight
   * 1 in {@code classes}. The other pairs are shifted down by 4 before the maximum, below any
   * cosine; with fewer than two classes of weight 1 the value is below -1 and moves no code.
   *
   * @throws IllegalArgumentException for fewer than 2 codes
   */
  static Term maxCosine(Terms t, Term codes, Term classes) {
    int n = codes.rows();
    if (n < 2) {
      throw new IllegalArgumentException("Eq. 10 needs at least 2 codes, got " + n);
    }
    Term pairs = t.mul(t.matMul(t.transpose(classes), classes), others(t, n));
    Term shifted =
        t.add(t.cosines(codes, codes), t.mul(t.constant(4f), t.sub(pairs, t.constant(1f))));
    return t.transpose(t.rowMax(t.transpose(t.rowMax(shifted))));
  }

  /** Each row's entry at its label, [rows, 1]. */
  private static Term own(Terms t, Term s) {
    return t.rowSum(t.mul(s, t.labels()));
  }

  /** {@code 1 - identity}: every pair but an entry with itself. */
  private static Term others(Terms t, int n) {
    return t.sub(t.constant(1f), t.identity(n));
  }

  /** The sum of every entry, [1, 1]. */
  private static Term total(Terms t, Term a) {
    return t.transpose(t.rowSum(t.transpose(t.rowSum(a))));
  }
}
