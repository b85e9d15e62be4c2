package org.ecoc4j.backends.onnx.zoo;

import java.util.Map;

/**
 * What a model's forward computation added to a graph.
 *
 * @param output the scores, [batch, members * outputs]
 * @param statisticUpdates by frozen parameter name, the tensor holding its value after this batch
 *     (training mode only; empty otherwise)
 */
public record Forward(String output, Map<String, String> statisticUpdates) {

  /** Copies the map. */
  public Forward {
    statisticUpdates = Map.copyOf(statisticUpdates);
  }

  /** A forward pass without statistics. */
  public static Forward of(String output) {
    return new Forward(output, Map.of());
  }
}
