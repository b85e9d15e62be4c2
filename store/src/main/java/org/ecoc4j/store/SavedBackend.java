package org.ecoc4j.store;

import com.fasterxml.jackson.databind.JsonNode;
import org.ecoc4j.api.backend.Backend;
import org.ecoc4j.host.PluginEntry;
import org.ecoc4j.host.PluginRegistry;

/**
 * The backend a model directory was trained with and the checkpoint format it was saved in (the
 * description's {@code provenance.}{@value #FORMAT}; the backend's name when a description has
 * none, which is {@link Backend#checkpointFormat()}'s default), and which backends may load it.
 */
public final class SavedBackend {

  /** The provenance key of the checkpoint format. */
  public static final String FORMAT = "checkpointFormat";

  private SavedBackend() {}

  /** The name of the backend {@code saved} was trained with. */
  public static String name(SavedModel saved) {
    return saved.description().backend().name();
  }

  /** The checkpoint format {@code saved} was written in. */
  public static String format(SavedModel saved) {
    Object recorded = saved.description().provenance().get(FORMAT);
    if (recorded instanceof JsonNode node && node.isTextual()) {
      return node.asText();
    }
    if (recorded instanceof String text) {
      return text;
    }
    return name(saved);
  }

  /**
   * Checks that {@code chosen} can load {@code saved}: it is the backend that trained it, or it
   * reads the checkpoint format the model was saved in.
   *
   * @throws BackendMismatchException naming the model, the backend that trained it (and whether it
   *     is installed), its format, the chosen backend and the format it reads
   */
  public static void requireLoadable(
      SavedModel saved, PluginEntry<Backend> chosen, PluginRegistry<Backend> installed) {
    String trainedWith = name(saved);
    String format = format(saved);
    String reads = chosen.plugin().checkpointFormat();
    if (chosen.name().equals(trainedWith) || reads.equals(format)) {
      return;
    }
    throw new BackendMismatchException(
        "model " + saved.folder() + " was trained with backend '" + trainedWith + "'"
            + (installed.find(trainedWith).isPresent() ? "" : ", which is not installed,")
            + " and saved as checkpoint format '" + format + "'; backend '" + chosen.name()
            + "' reads format '" + reads + "' and cannot load it (installed backends: "
            + String.join(", ", installed.names()) + ")");
  }
}
