package org.ecoc4j.api.codebook;

import java.util.Objects;
import org.ecoc4j.api.plugin.Options;

/**
 * Where drawn codebooks came from: the generator and every option value it used, derived ones
 * marked ({@link Options#derived()}), as {@link CodebookGenerator#effectiveOptions} reports them.
 *
 * @param generator the generator's name
 * @param spec what was asked of it
 * @param options every option value in effect
 */
public record CodebookOrigin(String generator, CodebookSpec spec, Options options) {

  /** Refuses missing parts. */
  public CodebookOrigin {
    Objects.requireNonNull(generator, "generator");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(options, "options");
  }
}
