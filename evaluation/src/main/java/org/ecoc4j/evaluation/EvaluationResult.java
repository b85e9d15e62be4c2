package org.ecoc4j.evaluation;

import java.util.List;

/**
 * Everything an evaluation measured.
 *
 * @param clean the decoder's decisions on the clean samples
 * @param attacks one result per attack and epsilon, attacks in plan order, epsilons ascending
 * @param gradients the objective's input gradients at the clean samples
 * @param flags signs of gradient masking; empty when none was seen
 * @param examples the first samples, clean and adversarial, for the image grid
 * @param seconds wall time of the evaluation
 */
public record EvaluationResult(
    Metrics clean,
    List<AttackResult> attacks,
    GradientHealth gradients,
    List<MaskingFlag> flags,
    ExampleImages examples,
    double seconds) {

  /** Copies the lists. */
  public EvaluationResult {
    attacks = List.copyOf(attacks);
    flags = List.copyOf(flags);
  }
}
