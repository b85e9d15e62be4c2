package org.ecoc4j.backends.onnx.export;

import org.ecoc4j.api.codebook.Codebook;

/** A decoder's per-member rule written as graph nodes. */
interface MemberRuleGraph {

  /**
   * Appends the rule for one member.
   *
   * @param g where the nodes go
   * @param outputs the member's raw outputs, float [B, K]
   * @param codebook the member's codebook
   * @return the member's decision tensors
   */
  MemberTensors decide(DecodingNodes g, String outputs, Codebook codebook);
}
