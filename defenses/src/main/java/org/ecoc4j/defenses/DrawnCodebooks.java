package org.ecoc4j.defenses;

import java.util.List;
import java.util.Objects;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.codebook.CodebookOrigin;

/**
 * Codebooks a defense drew from a generator, with the generator and every option value it used.
 *
 * @param codebooks one codebook per member
 * @param origin the generator, the request and the options in effect
 */
record DrawnCodebooks(List<Codebook> codebooks, CodebookOrigin origin) {

  /** Copies the codebooks. */
  DrawnCodebooks {
    codebooks = List.copyOf(codebooks);
    Objects.requireNonNull(origin, "origin");
  }
}
