package org.ecoc4j.evaluation;

import java.util.List;

/**
 * The mean over draws of a randomized evaluation ({@link Rescoring}): each sample's decisions under
 * every draw counted once each (so {@link Metrics#samples} is samples x draws, and for a run that
 * sweeps target ranks also x ranks; a sample a run skipped counts with the outcome it carried).
 * The evaluation's main figures are the worst case over the same draws.
 *
 * @param coupledBatch the test batch size the evaluation formed, 1 when not coupled
 * @param draws how many times each decision was drawn
 * @param clean the clean decisions, over draws
 * @param attacks one result per attack and epsilon, as in {@link EvaluationResult#attacks}
 */
public record MeanOverDraws(
    int coupledBatch, int draws, Metrics clean, List<AttackResult> attacks) {

  /** Copies the list. */
  public MeanOverDraws {
    attacks = List.copyOf(attacks);
  }
}
