package org.ecoc4j.decoders;

import java.util.Arrays;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.decoding.Rejection;

/**
 * Zadeh decision over the whole space of 2^K words ({@code space=full}, the paper's test
 * protocol), in O(K) per sample.
 *
 * <p>By Theorem 1 of the error-detecting output codes paper the word of largest truth value is
 * the rounded output {@code w_j = [y~_j >= 1/2]}, with truth {@code t = min_j max(y~_j, 1 -
 * y~_j)}, and (when no {@code y~_j} is exactly 1/2) it is the only word with truth above 1/2. So
 * the rule rounds, then: if the codebook carries a linear block code and {@code w} has a non-zero
 * syndrome, rejects as {@link Rejection#NONZERO_SYNDROME}; else if no class owns {@code w},
 * rejects as {@link Rejection#UNASSIGNED_WORD}; else if {@code t} is below the threshold, rejects
 * as {@link Rejection#BELOW_THRESHOLD}; else decides the owning class with confidence {@code t}.
 *
 * <p>With the threshold on the syndrome ({@code threshold-on=syndrome}), the value compared with
 * the threshold, and reported as the confidence, is the fuzzy truth of the zero syndrome {@code
 * t(r = 0)} of Eq. 14 ({@link SyndromeTruth}) instead of the winning word's truth.
 *
 * <p>Posterior: 1 on the accepted class, all zero when rejected.
 */
final class ZadehFullSpaceRule implements MemberRule {

  private final int length;
  private final int classes;
  private final Normalization normalization;
  private final double threshold;
  private final ClassWordTable table;
  private final ParityCheck parityCheck;
  private final SyndromeTruth syndromeTruth;
  private final double[] normalized;
  private final long[] word;
  private final MemberDecision decision = new MemberDecision();

  /**
   * @param codebook the member's codebook; its linear code, if any, supplies the syndrome test
   * @param normalization how outputs become truth values
   * @param threshold the smallest accepted truth value, in [0, 1]
   * @param onSyndrome whether the threshold reads the zero syndrome's truth (the codebook then
   *     carries a linear code) instead of the winning word's
   */
  ZadehFullSpaceRule(
      Codebook codebook, Normalization normalization, double threshold, boolean onSyndrome) {
    this.length = codebook.length();
    this.classes = codebook.classes();
    this.normalization = normalization;
    this.threshold = threshold;
    this.table = new ClassWordTable(codebook);
    this.parityCheck = codebook.linearCode().map(ParityCheck::new).orElse(null);
    this.syndromeTruth =
        onSyndrome ? new SyndromeTruth(codebook.linearCode().orElseThrow()) : null;
    this.normalized = new double[length];
    this.word = new long[BitPacking.words(length)];
  }

  @Override
  public void decide(float[] outputs, int offset, MemberDecision into) {
    normalization.apply(outputs, offset, normalized);
    Arrays.fill(word, 0L);
    double truth = 1.0;
    for (int j = 0; j < length; j++) {
      double y = normalized[j];
      if (y >= 0.5) {
        word[j >>> 6] |= 1L << (j & 63);
      }
      truth = Math.min(truth, Math.max(y, 1.0 - y));
    }
    if (syndromeTruth != null) {
      truth = syndromeTruth.zeroTruth(normalized);
    }
    float confidence = (float) truth;
    if (parityCheck != null && parityCheck.detectsError(word)) {
      into.reject(Rejection.NONZERO_SYNDROME, confidence);
      return;
    }
    int owner = table.classOf(word);
    if (owner < 0) {
      into.reject(Rejection.UNASSIGNED_WORD, confidence);
    } else if (truth < threshold) {
      into.reject(Rejection.BELOW_THRESHOLD, confidence);
    } else {
      into.accept(owner, confidence);
    }
  }

  @Override
  public boolean posterior(float[] outputs, int offset, float[] into, int at) {
    decide(outputs, offset, decision);
    Arrays.fill(into, at, at + classes, 0f);
    if (decision.rejected()) {
      return false;
    }
    into[at + decision.label()] = 1f;
    return true;
  }
}
