package org.ecoc4j.decoders;

import java.util.Arrays;
import java.util.Objects;
import org.ecoc4j.api.decoding.Decisions;
import org.ecoc4j.api.decoding.PreparedDecoder;
import org.ecoc4j.api.decoding.Rejection;

/**
 * Runs one {@link MemberRule} per ensemble member and combines their decisions; the shared
 * ensemble logic of every decoder in this module.
 *
 * <p>With one member its decision is returned as is, rejection reason included. With more:
 *
 * <ul>
 *   <li>{@link Combination#MAP}: the members' posteriors are summed (a rejecting member
 *       contributes zeros), the argmax wins and its confidence is the summed posterior / M; if
 *       every member rejects, {@link Rejection#ALL_MEMBERS_REJECTED}.
 *   <li>{@link Combination#VOTE}: each accepting member votes for its class; most votes wins, ties
 *       go to the larger summed member confidence; confidence = votes / M; if every member
 *       rejects, {@link Rejection#ALL_MEMBERS_REJECTED}.
 * </ul>
 *
 * <p>Remaining ties go to the lowest class index. {@link #posteriors} always returns the MAP sum
 * normalized to 1 per row. Scratch arrays are allocated once, here; decoding allocates nothing.
 * Not thread-safe.
 */
final class CombinedDecoder implements PreparedDecoder {

  private final MemberRule[] rules;
  private final int classes;
  private final int length;
  private final Combination combination;

  private final MemberDecision decision = new MemberDecision();
  private final float[] summed;
  private final float[] member;
  private final int[] votes;
  private final float[] voteConfidence;
  private final int[] voted;

  /**
   * @param rules one rule per member, in output order
   * @param classes number of classes N of every member
   * @param length code length K of every member
   * @param combination how members are combined when there are several
   */
  CombinedDecoder(MemberRule[] rules, int classes, int length, Combination combination) {
    this.rules = rules.clone();
    this.classes = classes;
    this.length = length;
    this.combination = combination;
    summed = new float[classes];
    member = new float[classes];
    votes = new int[classes];
    voteConfidence = new float[classes];
    voted = new int[rules.length];
  }

  @Override
  public int classes() {
    return classes;
  }

  @Override
  public int members() {
    return rules.length;
  }

  @Override
  public int codeLength() {
    return length;
  }

  @Override
  public void decode(float[] outputs, int offset, int batch, Decisions into) {
    checkRange(outputs, offset, batch);
    Objects.requireNonNull(into, "decisions");
    if (batch > into.capacity()) {
      throw new IllegalArgumentException(
          "batch of " + batch + " samples does not fit decisions of capacity " + into.capacity());
    }
    into.resize(batch);
    int width = outputWidth();
    for (int b = 0; b < batch; b++) {
      int base = offset + b * width;
      checkFinite(outputs, base, b);
      if (rules.length == 1) {
        rules[0].decide(outputs, base, decision);
        decision.writeTo(into, b);
      } else if (combination == Combination.MAP) {
        decideByPosteriors(outputs, base, into, b);
      } else {
        decideByVotes(outputs, base, into, b);
      }
    }
  }

  @Override
  public void posteriors(float[] outputs, int offset, int batch, float[] into) {
    checkRange(outputs, offset, batch);
    Objects.requireNonNull(into, "posteriors");
    if ((long) batch * classes > into.length) {
      throw new IllegalArgumentException(
          "posteriors of " + batch + " samples x " + classes + " classes need "
              + (long) batch * classes + " floats, the array holds " + into.length);
    }
    int width = outputWidth();
    for (int b = 0; b < batch; b++) {
      int base = offset + b * width;
      checkFinite(outputs, base, b);
      sumPosteriors(outputs, base);
      float total = 0f;
      for (int c = 0; c < classes; c++) {
        total += summed[c];
      }
      int row = b * classes;
      for (int c = 0; c < classes; c++) {
        into[row + c] = total > 0f ? summed[c] / total : 0f;
      }
    }
  }

  /** Fills {@link #summed}; returns how many members accepted. */
  private int sumPosteriors(float[] outputs, int base) {
    Arrays.fill(summed, 0f);
    int accepted = 0;
    for (int m = 0; m < rules.length; m++) {
      if (rules[m].posterior(outputs, base + m * length, member, 0)) {
        accepted++;
        for (int c = 0; c < classes; c++) {
          summed[c] += member[c];
        }
      }
    }
    return accepted;
  }

  private void decideByPosteriors(float[] outputs, int base, Decisions into, int b) {
    if (sumPosteriors(outputs, base) == 0) {
      into.reject(b, Rejection.ALL_MEMBERS_REJECTED, 0f);
      return;
    }
    int best = 0;
    for (int c = 1; c < classes; c++) {
      if (summed[c] > summed[best]) {
        best = c;
      }
    }
    into.accept(b, best, summed[best] / rules.length);
  }

  private void decideByVotes(float[] outputs, int base, Decisions into, int b) {
    int distinct = 0;
    for (int m = 0; m < rules.length; m++) {
      rules[m].decide(outputs, base + m * length, decision);
      if (decision.rejected()) {
        continue;
      }
      int c = decision.label();
      if (votes[c] == 0) {
        voted[distinct++] = c;
      }
      votes[c]++;
      voteConfidence[c] += decision.confidence();
    }
    if (distinct == 0) {
      into.reject(b, Rejection.ALL_MEMBERS_REJECTED, 0f);
      return;
    }
    int best = voted[0];
    for (int i = 1; i < distinct; i++) {
      int c = voted[i];
      if (votes[c] > votes[best]
          || (votes[c] == votes[best]
              && (voteConfidence[c] > voteConfidence[best]
                  || (voteConfidence[c] == voteConfidence[best] && c < best)))) {
        best = c;
      }
    }
    into.accept(b, best, (float) votes[best] / rules.length);
    for (int i = 0; i < distinct; i++) {
      votes[voted[i]] = 0;
      voteConfidence[voted[i]] = 0f;
    }
  }

  private void checkRange(float[] outputs, int offset, int batch) {
    Objects.requireNonNull(outputs, "outputs");
    if (offset < 0 || batch < 0) {
      throw new IllegalArgumentException(
          "offset and batch must not be negative, got offset " + offset + ", batch " + batch);
    }
    long end = offset + (long) batch * outputWidth();
    if (end > outputs.length) {
      throw new IllegalArgumentException(
          batch + " samples of " + outputWidth() + " floats (" + rules.length + " members x "
              + length + " bits) from offset " + offset + " need " + end
              + " floats, the array holds " + outputs.length);
    }
  }

  private void checkFinite(float[] outputs, int base, int sample) {
    int width = outputWidth();
    for (int i = 0; i < width; i++) {
      float value = outputs[base + i];
      if (!Float.isFinite(value)) {
        throw new IllegalArgumentException(
            "output of sample " + sample + " (member " + i / length + ", bit " + i % length
                + ", array index " + (base + i) + ") is " + value + "; outputs must be finite");
      }
    }
  }
}
