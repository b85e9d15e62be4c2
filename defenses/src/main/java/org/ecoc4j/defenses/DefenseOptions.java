package org.ecoc4j.defenses;

import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Function;
import org.ecoc4j.api.codebook.CodebookGenerator;
import org.ecoc4j.api.codebook.CodebookOrigin;
import org.ecoc4j.api.codebook.CodebookSpec;
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

  /** The {@code code-length} option, K = 64 by default as in the paper. */
  static OptionSpec codeLength() {
    return OptionSpec.ofInt(CODE_LENGTH, 64, "code length K of each member's codebook");
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

  /**
   * Draws random binary codebooks (Algorithm 1) with the {@code random-binary} generator, and
   * records the options it used (its distance bounds derived from N and K).
   */
  static DrawnCodebooks randomBinary(
      Function<String, CodebookGenerator> generators,
      int classes,
      int length,
      int members,
      boolean shared,
      long seed) {
    CodebookGenerator generator = generators.apply("random-binary");
    CodebookSpec spec =
        new CodebookSpec(
            classes, OptionalInt.of(length), members, seed,
            Map.of("sharing", shared ? "shared" : "independent"));
    return new DrawnCodebooks(
        generator.generate(spec),
        new CodebookOrigin(generator.name(), spec, generator.effectiveOptions(spec)));
  }
}
