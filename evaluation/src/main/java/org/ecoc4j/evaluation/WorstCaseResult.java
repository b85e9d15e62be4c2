package org.ecoc4j.evaluation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-sample worst case over every attack of an evaluation at one radius (AutoAttack's way of
 * reporting, Croce and Hein 2020): each sample counts with the worst {@link Outcome} any attack
 * left it in, from best to worst decided right, rejected, decided a wrong class other than a
 * one-target attack's target, attack goal reached. So a sample is right only if no attack broke
 * it, and the robust accuracy is at most every attack's. A sample the decoder did not get right
 * when clean is never counted as robust (AutoAttack's rule): its worst outcome is at least its
 * clean one.
 *
 * @param epsilon the radius
 * @param metrics the metrics of the worst outcomes, with {@link Metrics}' definitions
 * @param breakers per sample, in test order: the first attack (in plan order) that broke it,
 *     {@link Evaluator#CLEAN} when it was not right when clean, {@code null} when it stayed right
 */
public record WorstCaseResult(double epsilon, Metrics metrics, List<String> breakers) {

  /** The name of the worst case in reports, where an attack's name would be. */
  public static final String NAME = "worst-case";

  /** Copies the breakers (nulls allowed). */
  public WorstCaseResult {
    breakers = Collections.unmodifiableList(new ArrayList<>(breakers));
  }

  /**
   * How many samples each attack broke first, in order of first appearance, {@link
   * Evaluator#CLEAN} included when some samples were not right when clean.
   */
  public Map<String, Long> brokenBy() {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String breaker : breakers) {
      if (breaker != null) {
        counts.merge(breaker, 1L, Long::sum);
      }
    }
    return counts;
  }
}
