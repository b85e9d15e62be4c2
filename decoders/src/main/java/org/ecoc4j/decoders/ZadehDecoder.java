package org.ecoc4j.decoders;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.plugin.InvalidOptionException;
import org.ecoc4j.api.plugin.OptionSpec;
import org.ecoc4j.api.plugin.Options;

/**
 * {@code zadeh}: the Zadeh fuzzy-logic decision of the error-detecting output codes paper (section
 * 2.2). Each member's outputs are normalized to truth values {@code y~} in [0, 1]; a word {@code
 * c} has truth {@code t(c) = min_j (c_j == 1 ? y~_j : 1 - y~_j)}.
 *
 * <p>Options:
 *
 * <ul>
 *   <li>{@code normalization}: {@code sigmoid} (default), {@code linear} ({@code (y - min) / (max
 *       - min)}, 1/2 when all equal) or {@code vector} ({@code y / ||y||_2} clipped to [0, 1]:
 *       negative components become 0; the zero vector gives 0).
 *   <li>{@code space}: {@code full} (default; the paper's test protocol over all 2^K words, O(K)
 *       per sample by Theorem 1, with syndrome and unassigned-word rejection) or {@code classes}
 *       (argmax of the truth over the class codewords).
 *   <li>{@code threshold} Delta in [0, 1] (default 0): a winner with truth below it is rejected.
 *   <li>{@code syndrome}: {@code if-linear} (default: the syndrome test runs when the codebook
 *       carries a linear block code) or {@code required} (a codebook without a parity-check
 *       matrix is refused; needs {@code space=full}).
 *   <li>{@code threshold-on}: {@code codeword} (default: the threshold reads the winner's truth)
 *       or {@code syndrome} (it reads the fuzzy truth of the zero syndrome {@code t(r = 0)}, Eq.
 *       14 and Theorem 2, and the confidence is that truth; needs a linear code and {@code
 *       space=full}).
 *   <li>{@code combine}: {@code map} or {@code vote}.
 * </ul>
 *
 * <p>Per-member posterior: {@code space=classes}, the class truth values normalized to sum 1
 * (uniform if all zero); {@code space=full}, 1 on the accepted class (the unique word of truth
 * above 1/2). All zero when the member rejects. The confidence is the winner's truth value.
 */
public final class ZadehDecoder extends AbstractDecoder {

  private static final String NORMALIZATION = "normalization";
  private static final String SPACE = "space";
  private static final String THRESHOLD = "threshold";
  private static final String SYNDROME = "syndrome";
  private static final String THRESHOLD_ON = "threshold-on";
  private static final String CODEWORD = "codeword";
  private static final String IF_LINEAR = "if-linear";
  private static final String REQUIRED = "required";
  private static final String FULL = "full";
  private static final String CLASSES = "classes";

  /** The provider, for {@link java.util.ServiceLoader}. */
  public ZadehDecoder() {
    super(
        "zadeh",
        "Zadeh fuzzy-logic decision with syndrome and unassigned-word rejection",
        List.of(
            OptionSpec.ofChoice(
                NORMALIZATION,
                Normalization.SIGMOID.word(),
                "how outputs become truth values in [0, 1]",
                Normalization.SIGMOID.word(),
                Normalization.LINEAR.word(),
                Normalization.VECTOR.word()),
            OptionSpec.ofChoice(
                SPACE,
                FULL,
                "full: decide among all 2^K words and reject words no class owns; classes: only"
                    + " among class codewords",
                FULL,
                CLASSES),
            OptionSpec.ofDouble(
                THRESHOLD, 0.0, "reject a winner whose truth value is below this, in [0, 1]"),
            OptionSpec.ofChoice(
                SYNDROME,
                IF_LINEAR,
                "if-linear: syndrome rejection when the codebook carries a linear block code;"
                    + " required: refuse a codebook without a parity-check matrix",
                IF_LINEAR,
                REQUIRED),
            OptionSpec.ofChoice(
                THRESHOLD_ON,
                CODEWORD,
                "what the threshold reads: codeword (the winner's truth) or syndrome (the truth"
                    + " t(r = 0) of the zero syndrome, Eq. 14; needs a linear code and"
                    + " space=full)",
                CODEWORD,
                SYNDROME)));
  }

  /**
   * The first choice: the truth's argmax among the class codewords ({@code space=classes}), no
   * threshold, no syndrome test; the normalization and combination are kept.
   */
  @Override
  public Map<String, String> firstChoiceOptions(Map<String, String> options) {
    Map<String, String> first = new LinkedHashMap<>(options);
    first.put(SPACE, CLASSES);
    first.put(THRESHOLD, "0");
    first.put(SYNDROME, IF_LINEAR);
    first.put(THRESHOLD_ON, CODEWORD);
    return first;
  }

  @Override
  Function<Codebook, MemberRule> rules(Options options) {
    Normalization normalization = Normalization.ofWord(options.getString(NORMALIZATION));
    double threshold = options.getDouble(THRESHOLD);
    if (threshold < 0 || threshold > 1) {
      throw new InvalidOptionException(
          THRESHOLD, "option '" + THRESHOLD + "' must be in [0, 1], got " + threshold);
    }
    boolean required = options.getString(SYNDROME).equals(REQUIRED);
    if (required && !options.getString(SPACE).equals(FULL)) {
      throw new InvalidOptionException(
          SYNDROME, "option 'syndrome=required' needs space=full, which tests syndromes");
    }
    boolean onSyndrome = options.getString(THRESHOLD_ON).equals(SYNDROME);
    if (onSyndrome && !options.getString(SPACE).equals(FULL)) {
      throw new InvalidOptionException(
          THRESHOLD_ON, "option 'threshold-on=syndrome' needs space=full, which tests syndromes");
    }
    if (options.getString(SPACE).equals(FULL)) {
      return codebook -> {
        if (onSyndrome && codebook.linearCode().isEmpty()) {
          throw new IllegalArgumentException(
              "zadeh with threshold-on=syndrome needs a linear block code with a parity-check"
                  + " matrix; this codebook of " + codebook.classes() + " x " + codebook.length()
                  + " has none (use a linear code such as crc)");
        }
        if (required && codebook.linearCode().isEmpty()) {
          throw new IllegalArgumentException(
              "zadeh with syndrome=required needs a linear block code with a parity-check"
                  + " matrix; this codebook of " + codebook.classes() + " x " + codebook.length()
                  + " has none (use a linear code such as crc)");
        }
        return new ZadehFullSpaceRule(codebook, normalization, threshold, onSyndrome);
      };
    }
    return codebook -> new ZadehClassRule(codebook, normalization, threshold);
  }
}
