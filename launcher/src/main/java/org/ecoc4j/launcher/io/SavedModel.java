package org.ecoc4j.launcher.io;

import java.nio.file.Path;
import java.util.List;
import org.ecoc4j.api.codebook.Codebook;

/**
 * A model directory read back.
 *
 * @param folder the directory
 * @param description what {@code model.json} says
 * @param codebooks the members' codebooks from {@code codebooks.json}
 * @param checkpoint the backend checkpoint file
 * @param inference the exported inference ONNX model
 */
public record SavedModel(
    Path folder,
    ModelDescription description,
    List<Codebook> codebooks,
    Path checkpoint,
    Path inference) {

  /** Copies the codebooks. */
  public SavedModel {
    codebooks = List.copyOf(codebooks);
  }
}
