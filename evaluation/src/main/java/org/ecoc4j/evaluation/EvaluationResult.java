package org.ecoc4j.evaluation;

import java.util.List;
import java.util.Objects;
import org.ecoc4j.api.attack.Goal;

/**
 * Everything an evaluation measured.
 *
 * @param goal untargeted or targeted
 * @param targets how the targets were picked, or {@code null} for an untargeted evaluation
 * @param clean the decoder's decisions on the clean samples
 * @param attacks one result per attack and epsilon, attacks in plan order, epsilons ascending
 * @param worstCase one result per epsilon, ascending: per sample the worst outcome over all the
 *     attacks
 * @param gradients the objective's input gradients at the clean samples
 * @param flags signs of gradient masking; empty when none was seen
 * @param examples the first samples, clean and adversarial, for the image grid
 * @param seconds wall time of the evaluation
 * @param draws the means over draws of a randomized or batch-coupled evaluation ({@link
 *     Rescoring}), whose main figures are then the worst case over draws; {@code null} when every
 *     decision was drawn once
 */
public record EvaluationResult(
    Goal goal,
    TargetSelection targets,
    Metrics clean,
    List<AttackResult> attacks,
    List<WorstCaseResult> worstCase,
    GradientHealth gradients,
    List<MaskingFlag> flags,
    ExampleImages examples,
    double seconds,
    MeanOverDraws draws) {

  /** Copies the lists; refuses a targeted result without its target selection. */
  public EvaluationResult {
    Objects.requireNonNull(goal, "goal");
    if ((goal == Goal.TARGETED) != (targets != null)) {
      throw new IllegalArgumentException(
          "a targeted result needs its target selection and an untargeted one none, got " + goal
              + " with " + targets);
    }
    attacks = List.copyOf(attacks);
    worstCase = List.copyOf(worstCase);
    flags = List.copyOf(flags);
  }

  /** The result of an evaluation that drew every decision once. */
  public EvaluationResult(
      Goal goal,
      TargetSelection targets,
      Metrics clean,
      List<AttackResult> attacks,
      List<WorstCaseResult> worstCase,
      GradientHealth gradients,
      List<MaskingFlag> flags,
      ExampleImages examples,
      double seconds) {
    this(goal, targets, clean, attacks, worstCase, gradients, flags, examples, seconds, null);
  }
}
