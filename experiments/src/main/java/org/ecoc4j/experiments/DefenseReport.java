package org.ecoc4j.experiments;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.ecoc4j.evaluation.EvaluationResult;

/**
 * The evaluation of one trained defense: one result over the attacks of every protocol run, so
 * that its worst case is taken across them.
 *
 * @param label the defense's label in tables
 * @param result the evaluation (attacks in protocol order, papers' first)
 * @param protocols the protocols whose attacks it ran
 * @param provenance what produced it (plugins, options, seeds, data, backend, suites)
 */
public record DefenseReport(
    String label, EvaluationResult result, List<Protocol> protocols,
    Map<String, Object> provenance) {

  /** Copies the list and map. */
  public DefenseReport {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(result, "result");
    protocols = List.copyOf(protocols);
    provenance = Map.copyOf(provenance);
  }

  /** Clean accuracy. */
  public double cleanAccuracy() {
    return result.clean().accuracy();
  }
}
