package org.ecoc4j.api.codebook;

import java.util.List;
import org.ecoc4j.api.plugin.Options;
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

  /**
   * Every option value {@link #generate} uses for {@code spec}: the given ones, the declared
   * defaults, and those the generator derives from the classes and the code length when they are
   * not given, marked with {@link Options#derive}. This is what provenance records. The default
   * parses {@code spec.options()}; a generator that derives values overrides it.
   *
   * @throws IllegalArgumentException for infeasible requests
   * @throws org.ecoc4j.api.plugin.InvalidOptionException for unknown or malformed options
   */
  default Options effectiveOptions(CodebookSpec spec) {
    return Options.parse(options(), spec.options());
  }
}
