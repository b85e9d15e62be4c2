package org.ecoc4j.store;

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
 * @param verified whether every file was checked against the directory's manifest; {@code
 *     false} for a directory written before manifests existed
 */
public record SavedModel(
    Path folder,
    ModelDescription description,
    List<Codebook> codebooks,
    Path checkpoint,
    Path inference,
    boolean verified) {

  /** The warning to show when the model's files could not be checked, or {@code null}. */
  public String unverifiedWarning() {
    return verified ? null : "warning: model directory " + folder + " has no "
        + ModelManifest.FILE + " (written by an older ecoc4j): its files cannot be checked for"
        + " corruption";
  }

  /** Copies the codebooks. */
  public SavedModel {
    codebooks = List.copyOf(codebooks);
  }
}
