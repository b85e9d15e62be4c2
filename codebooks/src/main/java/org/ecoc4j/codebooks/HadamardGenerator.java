package org.ecoc4j.codebooks;

import java.util.Collections;
import java.util.List;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.codebook.CodebookGenerator;
import org.ecoc4j.api.codebook.CodebookSpec;
import org.ecoc4j.api.plugin.OptionSpec;
import org.ecoc4j.api.plugin.Options;

/**
 * {@code hadamard}: rows of the Sylvester Hadamard matrix of order L, the all-ones row 0 excluded;
 * class {@code c} gets row {@code c + 1}. Any two class codewords are at Hamming distance exactly
 * L/2.
 *
 * <p>L must be a power of two with {@code L - 1 >= N}; by default it is the smallest such power
 * (15 usable rows of L = 16 for N = 10, as in the error-detecting output codes paper). It has no
 * options; every ensemble member gets the same codebook.
 */
public final class HadamardGenerator implements CodebookGenerator {

  /** The name users select this generator by. */
  public static final String NAME = "hadamard";

  /** The largest order whose rows still fit an int-indexed array. */
  private static final int MAX_ORDER = 1 << 30;

  /** Creates the generator; it is stateless. */
  public HadamardGenerator() {
    // ServiceLoader needs a public no-argument constructor.
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Sylvester Hadamard code: rows 1..N of the order-L Hadamard matrix (L a power of two,"
        + " L - 1 >= N, default the smallest); all pairwise distances are L/2.";
  }

  @Override
  public List<OptionSpec> options() {
    return List.of();
  }

  /**
   * Generates {@code spec.members()} equal Hadamard codebooks.
   *
   * @throws IllegalArgumentException if the requested length is not a power of two or has fewer
   *     than N rows besides the all-ones row
   * @throws org.ecoc4j.api.plugin.InvalidOptionException for any option (this generator has none)
   */
  @Override
  public List<Codebook> generate(CodebookSpec spec) {
    Options.parse(options(), spec.options());
    int n = spec.classes();
    int order = spec.length().isPresent() ? checkedOrder(spec.length().getAsInt(), n) : order(n);
    int[][] rows = new int[n][];
    for (int c = 0; c < n; c++) {
      rows[c] = SylvesterHadamard.row(order, c + 1);
    }
    return Collections.nCopies(spec.members(), Codebook.of(rows));
  }

  /** The smallest power of two L with L - 1 >= n. */
  static int order(int n) {
    if (n >= MAX_ORDER) {
      throw new IllegalArgumentException(
          "a Hadamard code for N = " + n + " classes would need more than " + MAX_ORDER + " bits");
    }
    return Integer.highestOneBit(n) << 1;
  }

  private static int checkedOrder(int length, int n) {
    if (Integer.bitCount(length) != 1) {
      throw new IllegalArgumentException(
          "a Sylvester Hadamard code has a power-of-two length, got length " + length
              + "; for N = " + n + " classes use " + order(n) + " or a larger power of two");
    }
    if (length - 1 < n) {
      throw new IllegalArgumentException(
          "a Hadamard code of length " + length + " has only " + (length - 1)
              + " rows besides the all-ones row, too few for N = " + n + " classes; use length "
              + order(n) + " or a larger power of two");
    }
    return length;
  }
}
