package org.ecoc4j.store;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.codebook.Codebook;

/**
 * What a model directory says about its network, besides the files: enough to reopen it with its
 * backend, decode it with its deployed decoder and attack it on its dataset.
 *
 * @param spec architecture, input shape, outputs per member and members
 * @param loss {@code cross-entropy}, {@code tanh-squared-error} or {@code code-table} (real-valued
 *     class codes kept in {@value ModelDirectory#CODE_TABLE}), the training loss
 * @param decoder the deployed decoder and its options
 * @param backend the backend that trained it, and the options it trained with
 * @param dataset the dataset it was trained on, and its options
 * @param provenance anything else worth recording (seeds, training settings, versions), as
 *     JSON-serialisable values
 */
public record ModelDescription(
    ModelSpec spec,
    String loss,
    PluginChoice decoder,
    PluginChoice backend,
    PluginChoice dataset,
    Map<String, Object> provenance) {

  /** The loss names this format knows. */
  public static final List<String> LOSSES =
      List.of("cross-entropy", "tanh-squared-error", "code-table");

  /** Whether the model's class codes are a real-valued code table rather than codebooks. */
  public boolean hasCodeTable() {
    return loss.equals("code-table");
  }

  /** Refuses unknown losses. */
  public ModelDescription {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(decoder, "decoder");
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(dataset, "dataset");
    provenance = Map.copyOf(provenance);
    if (!LOSSES.contains(loss)) {
      throw new IllegalArgumentException(
          "unknown loss '" + loss + "'; known: " + String.join(", ", LOSSES));
    }
  }

  /**
   * The training loss over the members' codebooks.
   *
   * @throws IllegalArgumentException when the codebooks do not fit the model
   */
  public LossSpec lossSpec(List<Codebook> codebooks) {
    if (hasCodeTable()) {
      throw new IllegalArgumentException(
          "the model's codes are a code table (" + ModelDirectory.CODE_TABLE + "), not codebooks");
    }
    LossSpec spec = loss.equals("cross-entropy")
        ? LossSpec.crossEntropy(codebooks.get(0).classes())
        : LossSpec.tanhSquaredError(codebooks);
    spec.checkFits(this.spec);
    if (codebooks.size() != this.spec.members()) {
      throw new IllegalArgumentException(
          "the model has " + this.spec.members() + " members but " + codebooks.size()
              + " codebooks");
    }
    return spec;
  }
}
