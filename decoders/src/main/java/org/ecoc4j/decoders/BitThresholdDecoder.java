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
 * {@code bit-threshold}: each output is a digit, 1 where {@code o >= 0} ({@code sigmoid(o) >=
 * 1/2}), and the class codeword nearest in Hamming distance {@code d} wins with confidence {@code
 * 1 - d/K}.
 *
 * <p>Options: {@code max-errors} (default -1: never reject; otherwise a nearest distance above it
 * is rejected as {@code TOO_MANY_ERRORS}) and {@code combine} ({@code map} or {@code vote}).
 *
 * <p>Per-member posterior: uniform over the classes at the minimum distance, zero elsewhere; all
 * zero when rejected.
 */
public final class BitThresholdDecoder extends AbstractDecoder {

  private static final String MAX_ERRORS = "max-errors";

  /** The provider, for {@link java.util.ServiceLoader}. */
  public BitThresholdDecoder() {
    super(
        "bit-threshold",
        "thresholds each output at 0 and takes the nearest class codeword in Hamming distance",
        List.of(
            OptionSpec.ofInt(
                MAX_ERRORS,
                -1,
                "reject when the nearest codeword differs in more bits than this; -1 never"
                    + " rejects")));
  }

  /** The first choice: the nearest class codeword, never rejected ({@code max-errors=-1}). */
  @Override
  public Map<String, String> firstChoiceOptions(Map<String, String> options) {
    Map<String, String> first = new LinkedHashMap<>(options);
    first.put(MAX_ERRORS, "-1");
    return first;
  }

  @Override
  Function<Codebook, MemberRule> rules(Options options) {
    int maxErrors = options.getInt(MAX_ERRORS);
    if (maxErrors < -1) {
      throw new InvalidOptionException(
          MAX_ERRORS,
          "option '" + MAX_ERRORS + "' must be -1 (never reject) or at least 0, got " + maxErrors);
    }
    return codebook -> new BitThresholdRule(codebook, maxErrors);
  }
}
