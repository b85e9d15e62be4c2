package org.ecoc4j.codebooks;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.codebook.CodebookGenerator;
import org.ecoc4j.api.codebook.CodebookSpec;
import org.ecoc4j.api.plugin.InvalidOptionException;
import org.ecoc4j.api.plugin.OptionSpec;
import org.ecoc4j.api.plugin.Options;

/**
 * {@code hadamard}: rows of the Sylvester Hadamard matrix of order L, the all-ones row 0 excluded;
 * class {@code c} gets row {@code c + 1}. Any two class codewords are at Hamming distance exactly
 * L/2.
 *
 * <p>L must be a power of two with {@code L - 1 >= N}; by default it is the smallest such power
 * (15 usable rows of L = 16 for N = 10). Every ensemble member gets the same codebook.
 *
 * <p>Option {@code drop-constant-column} (default false): leave out column 0, which is 1 in every
 * row, as the error-detecting output codes paper builds its Hadamard baseline (section 2.1: "the
 * first bit in all matrix rows is excluded from the codeword"; 15 bits for 10 classes). The
 * pairwise distances stay L/2; the code length is then L - 1, and a requested length must be one
 * less than a power of two.
 */
public final class HadamardGenerator implements CodebookGenerator {

  /** The name users select this generator by. */
  public static final String NAME = "hadamard";

  static final String DROP_CONSTANT_COLUMN = "drop-constant-column";

  private static final List<OptionSpec> OPTIONS =
      List.of(
          OptionSpec.ofBoolean(
              DROP_CONSTANT_COLUMN, false,
              "leave out column 0, equal to 1 in every row (length L - 1, as the error-detecting"
                  + " output codes paper: 15 bits for 10 classes)"));

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
        + " L - 1 >= N, default the smallest), optionally without the constant column; all"
        + " pairwise distances are L/2.";
  }

  @Override
  public List<OptionSpec> options() {
    return OPTIONS;
  }

  /**
   * Generates {@code spec.members()} equal Hadamard codebooks.
   *
   * @throws IllegalArgumentException if the requested length is not a power of two (one less
   *     than a power of two without the constant column) or has fewer than N rows besides the
   *     all-ones row
   * @throws InvalidOptionException for an unknown option
   */
  @Override
  public List<Codebook> generate(CodebookSpec spec) {
    boolean drop = Options.parse(options(), spec.options()).getBoolean(DROP_CONSTANT_COLUMN);
    int n = spec.classes();
    int order =
        spec.length().isPresent()
            ? checkedOrder(spec.length().getAsInt() + (drop ? 1 : 0), n, drop)
            : order(n);
    int[][] rows = new int[n][];
    for (int c = 0; c < n; c++) {
      int[] row = SylvesterHadamard.row(order, c + 1);
      rows[c] = drop ? Arrays.copyOfRange(row, 1, order) : row;
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

  /**
   * Checks the order L asked for (the requested length, plus 1 without the constant column).
   */
  private static int checkedOrder(int length, int n, boolean drop) {
    int shown = drop ? length - 1 : length;
    String form =
        drop ? "one less than a power of two (without the constant column)" : "a power of two";
    int suggested = drop ? order(n) - 1 : order(n);
    if (Integer.bitCount(length) != 1) {
      throw new IllegalArgumentException(
          "a Sylvester Hadamard code has a power-of-two length, got length " + shown
              + "; its length must be " + form + ": for N = " + n + " classes use " + suggested
              + " or longer");
    }
    if (length - 1 < n) {
      throw new IllegalArgumentException(
          "a Hadamard code of length " + shown + " has only " + (length - 1)
              + " rows besides the all-ones row, too few for N = " + n + " classes; use length "
              + suggested + " or longer");
    }
    return length;
  }
}
