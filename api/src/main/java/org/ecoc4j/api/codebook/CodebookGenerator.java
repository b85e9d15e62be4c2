package org.ecoc4j.api.codebook;

import java.util.List;
import org.ecoc4j.api.plugin.Plugin;

/**
 * SPI: makes the codebooks of a classifier, one per ensemble member.
 *
 * <p>Implementations are stateless and thread-safe, are found with {@link java.util.ServiceLoader}
 * and must be deterministic: the same {@link CodebookSpec} always gives equal codebooks. A request
 * that cannot be met (too short a code, too many classes for the distance rules) ends in an
 * {@link IllegalArgumentException} that says why, after bounded work.
 */
public interface CodebookGenerator extends Plugin {

  /**
   * Generates {@code spec.members()} codebooks of {@code spec.classes()} rows each.
   *
   * @throws IllegalArgumentException for infeasible requests
   * @throws org.ecoc4j.api.plugin.InvalidOptionException for unknown or malformed options
   */
  List<Codebook> generate(CodebookSpec spec);
}
