package org.ecoc4j.backends.onnx.zoo;

import java.util.List;
import java.util.Map;

/**
 * What a model's forward computation added to a graph.
 *
 * @param output the scores, [batch, members * outputs]
 * @param statisticUpdates by frozen parameter name, the tensor holding its value after this batch
 *     (training mode only; empty otherwise)
 * @param dropoutNoise the graph inputs the forward computation declared for its dropout layers, in
 *     the order declared: float tensors of the dropped layer's shape that must be fed uniform noise
 *     in [0, 1) (training mode only; empty otherwise)
 */
public record Forward(
    String output, Map<String, String> statisticUpdates, List<String> dropoutNoise) {

  /** Copies the map and the list. */
  public Forward {
    statisticUpdates = Map.copyOf(statisticUpdates);
    dropoutNoise = List.copyOf(dropoutNoise);
  }

  /** A forward pass without statistics or dropout. */
  public static Forward of(String output) {
    return new Forward(output, Map.of(), List.of());
  }
}
