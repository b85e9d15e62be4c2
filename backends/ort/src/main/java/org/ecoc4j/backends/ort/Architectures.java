package org.ecoc4j.backends.ort;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.backends.onnx.zoo.ModelZoo;
import org.ecoc4j.backends.onnx.zoo.OnnxImport;
import org.ecoc4j.backends.onnx.zoo.ZooModel;

/**
 * The network a backend call builds: the zoo architecture a {@link ModelSpec} names, or a forward
 * ONNX file imported in its place (its initializers are the trainable starting weights, and the
 * spec's architecture name is only a label).
 */
final class Architectures {

  private Architectures() {}

  /**
   * The zoo architecture of {@code spec}, or the model in {@code modelFile} shaped as {@code spec}.
   *
   * @param modelFile a forward ONNX model, or {@code null} for the zoo
   * @throws IllegalArgumentException for an unknown architecture, a file that is not an ONNX
   *     model, unsupported operators (listed with their nodes), or a model whose input shape or
   *     output width differs from {@code spec}; messages about the file name it
   * @throws UncheckedIOException when the file cannot be read
   */
  static ZooModel of(ModelSpec spec, String modelFile) {
    if (modelFile == null) {
      return ModelZoo.create(spec);
    }
    Path file = Path.of(modelFile);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new UncheckedIOException("model file " + file + " does not exist", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read model file " + file + ": " + e.getMessage(), e);
    }
    try {
      return OnnxImport.load(bytes, false).as(spec);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("model file " + file + ": " + e.getMessage(), e);
    }
  }
}
