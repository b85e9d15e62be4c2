package org.ecoc4j.defenses;

import org.ecoc4j.api.plugin.InvalidOptionException;
import org.ecoc4j.api.plugin.OptionSpec;
import org.ecoc4j.api.plugin.Options;

/** Options and checks the defenses share. */
final class DefenseOptions {

  static final String MEMBERS = "members";
  static final String CODE_LENGTH = "code-length";
  static final String COMBINE = "combine";

  private DefenseOptions() {}

  /** The {@code members} option with a default. */
  static OptionSpec members(int defaultValue) {
    return OptionSpec.ofInt(MEMBERS, defaultValue, "number of member networks M");
  }

  /**
   * The {@code code-length} option; when not given, the code generator's own length (64 for
   * {@code random-binary}, the paper's K), recorded as derived.
   */
  static OptionSpec codeLength() {
    return OptionSpec.ofInt(
        CODE_LENGTH, null,
        "code length K of each member's codebook; default: the code generator's own (64 for"
            + " random-binary, the paper's K)");
  }

  /** The decoder's {@code combine} option. */
  static OptionSpec combine() {
    return OptionSpec.ofChoice(
        COMBINE, "map", "how the decoder combines members: map (Eq. 7) or vote (Eq. 8)", "map",
        "vote");
  }

  /** Refuses fewer than 2 classes. */
  static void checkClasses(int classes) {
    if (classes < 2) {
      throw new IllegalArgumentException("a defense needs at least 2 classes, got " + classes);
    }
  }

  /** An integer option that must be at least {@code min}. */
  static int atLeast(Options options, String name, int min) {
    int value = options.getInt(name);
    if (value < min) {
      throw new InvalidOptionException(
          name, "option '" + name + "' must be at least " + min + ", got " + value);
    }
    return value;
  }

  /** A real option that must be finite and not negative. */
  static double nonNegative(Options options, String name) {
    double value = options.getDouble(name);
    if (!(value >= 0) || !Double.isFinite(value)) {
      throw new InvalidOptionException(
          name, "option '" + name + "' must be finite and >= 0, got " + value);
    }
    return value;
  }
}
