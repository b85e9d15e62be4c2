package org.ecoc4j.store;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.ecoc4j.api.codebook.Codebook;

/**
 * Generated codebooks with what made them: what {@code codebook generate} writes.
 *
 * @param generator the generator's name
 * @param generatorVersion the generator's version, or {@code unknown}
 * @param seed the seed used
 * @param options every generator option in effect, defaults and derived values included, as text
 * @param derived the names of the options whose values the generator derived
 * @param codebooks one codebook per ensemble member, all with the same classes and length
 */
public record CodebookDocument(
    String generator,
    String generatorVersion,
    long seed,
    Map<String, String> options,
    List<String> derived,
    List<Codebook> codebooks) {

  /** Checks that there is at least one codebook and that all have the same shape. */
  public CodebookDocument {
    Objects.requireNonNull(generator, "generator");
    Objects.requireNonNull(generatorVersion, "generatorVersion");
    options = Map.copyOf(options);
    derived = List.copyOf(derived);
    codebooks = List.copyOf(codebooks);
    if (codebooks.isEmpty()) {
      throw new IllegalArgumentException("generator '" + generator + "' returned no codebook");
    }
    requireSameShape(codebooks);
  }

  /** A document whose options were all given or declared defaults, none derived. */
  public CodebookDocument(
      String generator,
      String generatorVersion,
      long seed,
      Map<String, String> options,
      List<Codebook> codebooks) {
    this(generator, generatorVersion, seed, options, List.of(), codebooks);
  }

  /**
   * Checks that the members' codebooks all have the classes and length of the first.
   *
   * @throws IllegalArgumentException naming the first member that differs
   */
  public static void requireSameShape(List<Codebook> codebooks) {
    Codebook first = codebooks.get(0);
    for (int m = 1; m < codebooks.size(); m++) {
      Codebook other = codebooks.get(m);
      if (other.classes() != first.classes() || other.length() != first.length()) {
        throw new IllegalArgumentException(
            "member " + m + " has " + other.classes() + " classes x " + other.length()
                + " bits, member 0 has " + first.classes() + " x " + first.length());
      }
    }
  }

  /** Number of classes N. */
  public int classes() {
    return codebooks.get(0).classes();
  }

  /** Code length K. */
  public int length() {
    return codebooks.get(0).length();
  }

  /** Number of members M. */
  public int members() {
    return codebooks.size();
  }
}
