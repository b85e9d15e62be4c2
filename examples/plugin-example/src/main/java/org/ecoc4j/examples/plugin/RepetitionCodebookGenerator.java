package org.ecoc4j.examples.plugin;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.codebook.CodebookGenerator;
import org.ecoc4j.api.codebook.CodebookSpec;
import org.ecoc4j.api.plugin.OptionSpec;
import org.ecoc4j.api.plugin.Options;

/**
 * {@code example-repetition}: class {@code c} is written in binary with {@code b = ceil(log2 N)}
 * digits and bit {@code j} of the codeword is digit {@code j mod b}, so every digit is repeated
 * about {@code K / b} times and two classes differ in at least {@code floor(K / b)} bits.
 *
 * <p>With {@code shuffle} (the default) each member's columns are permuted by a seeded shuffle,
 * which keeps the distances and decorrelates the members.
 */
public final class RepetitionCodebookGenerator implements CodebookGenerator {

  private static final List<OptionSpec> OPTIONS =
      List.of(OptionSpec.ofBoolean("shuffle", true, "permute each member's columns (seeded)"));

  /** Creates the stateless generator; {@link java.util.ServiceLoader} calls this. */
  public RepetitionCodebookGenerator() {}

  @Override
  public String name() {
    return "example-repetition";
  }

  @Override
  public String description() {
    return "Example plugin: binary class index, each digit repeated across the code length";
  }

  @Override
  public List<OptionSpec> options() {
    return OPTIONS;
  }

  /**
   * Generates the members' codebooks.
   *
   * @throws IllegalArgumentException if the length is shorter than the digits of the classes
   */
  @Override
  public List<Codebook> generate(CodebookSpec spec) {
    Options options = Options.parse(OPTIONS, spec.options());
    int digits = Math.max(1, 32 - Integer.numberOfLeadingZeros(spec.classes() - 1));
    int length = spec.length().orElse(3 * digits);
    if (length < digits) {
      throw new IllegalArgumentException(
          "example-repetition needs at least " + digits + " bits for " + spec.classes()
              + " classes, got length " + length);
    }
    List<Codebook> codebooks = new ArrayList<>();
    for (int m = 0; m < spec.members(); m++) {
      int[] columns = columnOrder(length, spec.seed() + m, options.getBoolean("shuffle"));
      int[][] rows = new int[spec.classes()][length];
      for (int c = 0; c < spec.classes(); c++) {
        for (int j = 0; j < length; j++) {
          int digit = (c >>> (columns[j] % digits)) & 1;
          rows[c][j] = digit == 1 ? 1 : -1;
        }
      }
      codebooks.add(Codebook.of(rows));
    }
    return codebooks;
  }

  private static int[] columnOrder(int length, long seed, boolean shuffle) {
    int[] order = new int[length];
    for (int j = 0; j < length; j++) {
      order[j] = j;
    }
    if (shuffle) {
      Random random = new Random(seed);
      for (int j = length - 1; j > 0; j--) {
        int k = random.nextInt(j + 1);
        int swap = order[j];
        order[j] = order[k];
        order[k] = swap;
      }
    }
    return order;
  }
}
