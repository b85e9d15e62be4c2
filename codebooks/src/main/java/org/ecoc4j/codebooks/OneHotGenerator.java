package org.ecoc4j.codebooks;

import java.util.Collections;
import java.util.List;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.codebook.CodebookGenerator;
import org.ecoc4j.api.codebook.CodebookSpec;
import org.ecoc4j.api.plugin.OptionSpec;
import org.ecoc4j.api.plugin.Options;

/**
 * {@code one-hot}: the conventional code, K = N, class {@code c} has +1 at position {@code c} and
 * -1 everywhere else. It has no options; every ensemble member gets the same codebook.
 */
public final class OneHotGenerator implements CodebookGenerator {

  /** The name users select this generator by. */
  public static final String NAME = "one-hot";

  /** Creates the generator; it is stateless. */
  public OneHotGenerator() {
    // ServiceLoader needs a public no-argument constructor.
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "One-hot code: K = N bits, +1 at the class's position and -1 elsewhere.";
  }

  @Override
  public List<OptionSpec> options() {
    return List.of();
  }

  /**
   * Generates {@code spec.members()} equal one-hot codebooks.
   *
   * @throws IllegalArgumentException if a length other than the number of classes is requested
   * @throws org.ecoc4j.api.plugin.InvalidOptionException for any option (this generator has none)
   */
  @Override
  public List<Codebook> generate(CodebookSpec spec) {
    Options.parse(options(), spec.options());
    int n = spec.classes();
    if (spec.length().isPresent() && spec.length().getAsInt() != n) {
      throw new IllegalArgumentException(
          "a one-hot code has one bit per class, so its length must be N = " + n
              + ", got length " + spec.length().getAsInt());
    }
    int[][] rows = new int[n][n];
    for (int c = 0; c < n; c++) {
      for (int j = 0; j < n; j++) {
        rows[c][j] = c == j ? 1 : -1;
      }
    }
    return Collections.nCopies(spec.members(), Codebook.of(rows));
  }
}
