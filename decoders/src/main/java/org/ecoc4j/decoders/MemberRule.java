package org.ecoc4j.decoders;

/**
 * A decoding rule bound to one ensemble member's codebook: reads that member's K outputs of one
 * sample and decides, or writes its posterior over the N classes.
 *
 * <p>Implementations keep per-member scratch and allocate nothing per call; callers have checked
 * the bounds and that the outputs are finite. Not thread-safe.
 */
interface MemberRule {

  /**
   * Decides the sample whose K outputs start at {@code outputs[offset]}.
   *
   * @param into overwritten with the class or the rejection, and the confidence
   */
  void decide(float[] outputs, int offset, MemberDecision into);

  /**
   * Writes the member's posterior over the N classes into {@code into[at .. at + N)}: a row that
   * sums to 1 when the member accepts the sample, all zero when it rejects it.
   *
   * @return whether the member accepted the sample
   */
  boolean posterior(float[] outputs, int offset, float[] into, int at);
}
