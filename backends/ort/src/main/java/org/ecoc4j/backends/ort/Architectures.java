package org.ecoc4j.backends.ort;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.backends.onnx.zoo.ImportedModel;
import org.ecoc4j.backends.onnx.zoo.ModelZoo;
import org.ecoc4j.backends.onnx.zoo.OnnxImport;
import org.ecoc4j.backends.onnx.zoo.ZooModel;

/**
 * The network a backend call builds: the zoo architecture a {@link ModelSpec} names, or a forward
 * ONNX file imported in its place (its initializers are the trainable starting weights, and the
 * spec's architecture name is only a label). What the import changed (a graph exported at a
 * fixed batch size and re-batched) is printed once per file as a {@code notice:} line on standard
 * error.
 */
final class Architectures {

  /** The model files whose import notices were printed (once per file and process). */
  private static final Set<String> NOTIFIED = new HashSet<>();

  private Architectures() {}

  /**
   * The zoo architecture of {@code spec}, or the model in {@code modelFile} shaped as {@code spec}.
   *
   * @param modelFile a forward ONNX model, or {@code null} for the zoo
   * @throws IllegalArgumentException for an unknown architecture, a file that is not an ONNX
   *     model, unsupported operators (listed with their nodes), a model whose input shape or
   *     output width differs from {@code spec}, or external data outside the file's folder,
   *     missing or short; messages about the file name it
   * @throws UncheckedIOException when the file cannot be read
   */
  static ZooModel of(ModelSpec spec, String modelFile) {
    if (modelFile == null) {
      return ModelZoo.create(spec);
    }
    Path file = Path.of(modelFile);
    ImportedModel imported;
    try {
      imported = OnnxImport.load(file, false);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("model file " + file + ": " + e.getMessage(), e);
    }
    synchronized (NOTIFIED) {
      if (NOTIFIED.add(file.toAbsolutePath().normalize().toString())) {
        imported.notices().forEach(n -> System.err.println("notice: model file " + file + ": " + n));
      }
    }
    try {
      return imported.as(spec);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("model file " + file + ": " + e.getMessage(), e);
    }
  }
}
