package org.ecoc4j.api.codebook;

import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * What to generate: classes, code length, ensemble members, seed and generator options.
 *
 * @param classes number of classes N, at least 2
 * @param length code length K, or empty to let the generator choose its default
 * @param members number of ensemble members M, at least 1; generators return M codebooks
 * @param seed seed of every random choice; the same spec always yields the same codebooks
 * @param options generator-specific options by name, validated by the generator against its
 *     {@link CodebookGenerator#options()}
 */
public record CodebookSpec(
    int classes, OptionalInt length, int members, long seed, Map<String, String> options) {

  /** Validates the numbers and copies the options. */
  public CodebookSpec {
    Objects.requireNonNull(length, "length");
    options = Map.copyOf(Objects.requireNonNull(options, "options"));
    if (classes < 2) {
      throw new IllegalArgumentException("need at least 2 classes, got " + classes);
    }
    if (length.isPresent() && length.getAsInt() < 1) {
      throw new IllegalArgumentException("code length must be at least 1, got " + length.getAsInt());
    }
    if (members < 1) {
      throw new IllegalArgumentException("need at least 1 ensemble member, got " + members);
    }
  }

  /** One member, default length, seed 0, no options. */
  public static CodebookSpec of(int classes) {
    return new CodebookSpec(classes, OptionalInt.empty(), 1, 0L, Map.of());
  }

  /** A copy with code length {@code k}. */
  public CodebookSpec withLength(int k) {
    return new CodebookSpec(classes, OptionalInt.of(k), members, seed, options);
  }

  /** A copy with {@code m} members. */
  public CodebookSpec withMembers(int m) {
    return new CodebookSpec(classes, length, m, seed, options);
  }

  /** A copy with seed {@code s}. */
  public CodebookSpec withSeed(long s) {
    return new CodebookSpec(classes, length, members, s, options);
  }

  /** A copy with these generator options (replacing any before). */
  public CodebookSpec withOptions(Map<String, String> opts) {
    return new CodebookSpec(classes, length, members, seed, opts);
  }
}
