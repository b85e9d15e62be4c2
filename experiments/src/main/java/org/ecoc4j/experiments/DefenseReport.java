package org.ecoc4j.experiments;

import java.util.Map;
import java.util.Objects;
import org.ecoc4j.evaluation.EvaluationResult;

/**
 * The evaluation of one trained defense under each protocol.
 *
 * @param label the defense's label in tables
 * @param results the result of each protocol that was run
 * @param provenance what produced it (plugins, options, seeds, data, backend)
 */
public record DefenseReport(
    String label, Map<Protocol, EvaluationResult> results, Map<String, Object> provenance) {

  /** Copies the maps. */
  public DefenseReport {
    Objects.requireNonNull(label, "label");
    results = Map.copyOf(results);
    provenance = Map.copyOf(provenance);
  }

  /** Clean accuracy (the same under every protocol). */
  public double cleanAccuracy() {
    return results.values().iterator().next().clean().accuracy();
  }
}
