package org.ecoc4j.experiments;

import java.nio.file.Path;

/**
 * Where a job saves a trained defense before closing it: the launcher writes its model directory
 * format (checkpoint, exported ONNX, codebooks, description with provenance).
 */
@FunctionalInterface
public interface ModelSink {

  /**
   * Saves {@code trained} into {@code folder}.
   *
   * @throws java.io.UncheckedIOException when it cannot be written
   */
  void save(Path folder, TrainedDefense trained);
}
