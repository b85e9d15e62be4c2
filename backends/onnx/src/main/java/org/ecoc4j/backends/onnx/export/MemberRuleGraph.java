package org.ecoc4j.backends.onnx.export;

/** A decoder's per-member rule bound to the members' codes, written as graph nodes. */
interface MemberRuleGraph {

  /**
   * Appends the rule for one member.
   *
   * @param g where the nodes go
   * @param outputs the member's raw outputs, float [B, K]
   * @param member the member's index, which picks its code
   * @return the member's decision tensors
   */
  MemberTensors decide(DecodingNodes g, String outputs, int member);
}
