package org.ecoc4j.api.decoding;

import java.util.List;
import java.util.Map;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.plugin.Plugin;

/**
 * SPI: a rule that turns network outputs into class decisions, for one classifier or an ensemble.
 *
 * <p>Providers are stateless factories found with {@link java.util.ServiceLoader}; {@link
 * #prepare} binds the rule to codebooks and options and returns the object that decodes batches.
 * Each decoder documents its per-member posterior, which ensembles combine (MAP sum or vote).
 */
public interface Decoder extends Plugin {

  /**
   * Binds the rule to the codebooks of an ensemble's members (one codebook for a single network).
   *
   * @param memberCodebooks one codebook per member, all with the same classes and length
   * @param options decoder options by name, validated against {@link #options()}
   * @throws IllegalArgumentException for no codebooks, mismatched codebooks, or codebooks the rule
   *     cannot use
   * @throws org.ecoc4j.api.plugin.InvalidOptionException for unknown or malformed options
   */
  PreparedDecoder prepare(List<Codebook> memberCodebooks, Map<String, String> options);

  /** Binds the rule to a single network's codebook. */
  default PreparedDecoder prepare(Codebook codebook, Map<String, String> options) {
    return prepare(List.of(codebook), options);
  }
}
