package org.ecoc4j.experiments;

import java.util.LinkedHashMap;
import java.util.Map;
import org.ecoc4j.api.backend.TrainingConfig;

/** A training configuration as a JSON-ready map, for provenance. */
public final class TrainingProvenance {

  private TrainingProvenance() {}

  /** The configuration's fields by name (the schedule by its kind). */
  public static Map<String, Object> of(TrainingConfig c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("epochs", c.epochs());
    m.put("batchSize", c.batchSize());
    m.put("learningRate", c.learningRate());
    m.put("weightDecay", c.weightDecay());
    m.put("beta1", c.beta1());
    m.put("beta2", c.beta2());
    m.put("epsilon", c.epsilon());
    m.put("seed", c.seed());
    m.put("shuffle", c.shuffle());
    m.put("schedule", c.schedule().kind().name().toLowerCase(java.util.Locale.ROOT));
    return m;
  }
}
