package org.ecoc4j.codebooks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.codebook.CodebookGenerator;
import org.ecoc4j.api.codebook.CodebookSpec;
import org.ecoc4j.api.plugin.InvalidOptionException;
import org.ecoc4j.api.plugin.OptionSpec;
import org.ecoc4j.api.plugin.Options;

/**
 * {@code random-binary}: random +1/-1 codebooks with distance rules, Algorithm 1 of Hwang et al.,
 * "Adversarial Robustness of Deep Neural Networks with Random Binary Codebook Ensemble" (sections
 * III.A and III.B); see {@link RandomCodebookSampler} for the drawing itself.
 *
 * <p>Rules: every two codewords are at Hamming distance at least {@code min-distance} (default
 * {@code Hmin = ceil(log2 N)}, the paper's Eq. 1) and below {@code max-distance} (default K, which
 * bans exactly complementary pairs). The length is at least {@code Kmin = ceil(log2 N) + Hmin + 1}
 * (Eq. 2; {@code 2 ceil(log2 N) + 1} with the default Hmin); by default it is 64, the paper's K
 * for N = 10, or Kmin when that is larger. Requests that cannot be met end with an {@link
 * IllegalArgumentException}: first by {@link CodeSizeBounds}, otherwise after {@code max-attempts}
 * draws for one codeword.
 *
 * <p>{@code sharing = independent} (MRBC, the default) draws each member's codebook on its own;
 * {@code shared} (SRBC) draws one and gives it to every member. Randomness comes from a {@link
 * SplittableRandom} seeded with {@link CodebookSpec#seed()}, one {@link SplittableRandom#split()}
 * per drawn codebook, so equal specs give equal codebooks.
 */
public final class RandomBinaryGenerator implements CodebookGenerator {

  /** The name users select this generator by. */
  public static final String NAME = "random-binary";

  /** Code length when none is requested (and Kmin is not larger): the paper's K for N = 10. */
  static final int DEFAULT_LENGTH = 64;

  static final String MIN_DISTANCE = "min-distance";
  static final String MAX_DISTANCE = "max-distance";
  static final String SHARING = "sharing";
  static final String MAX_ATTEMPTS = "max-attempts";
  static final String INDEPENDENT = "independent";
  static final String SHARED = "shared";

  private static final List<OptionSpec> OPTIONS =
      List.of(
          OptionSpec.ofInt(
              MIN_DISTANCE,
              null,
              "smallest Hamming distance between two codewords (Hmin); default ceil(log2 N)"),
          OptionSpec.ofInt(
              MAX_DISTANCE,
              null,
              "pairs at this Hamming distance or more are rejected; default K, which rejects"
                  + " only complementary codewords"),
          OptionSpec.ofChoice(
              SHARING,
              INDEPENDENT,
              "independent: each member draws its own codebook (MRBC); shared: one codebook for"
                  + " all members (SRBC)",
              INDEPENDENT,
              SHARED),
          OptionSpec.ofInt(
              MAX_ATTEMPTS,
              100_000,
              "random draws allowed per codeword before giving up with an error"));

  /** Creates the generator; it is stateless. */
  public RandomBinaryGenerator() {
    // ServiceLoader needs a public no-argument constructor.
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Random binary codebooks (Algorithm 1, random binary codebook ensemble): entries +1/-1"
        + " with probability 1/2, min Hamming distance ceil(log2 N), no complementary pairs;"
        + " default length 64 (the paper's K for N = 10) but at least Kmin = ceil(log2 N) + Hmin"
        + " + 1 (2 ceil(log2 N) + 1 with the default Hmin).";
  }

  @Override
  public List<OptionSpec> options() {
    return OPTIONS;
  }

  /**
   * Generates {@code spec.members()} random codebooks, independent or shared.
   *
   * @throws IllegalArgumentException if the length is below Kmin, no codebook can meet the
   *     distance rules, or the draw budget runs out
   * @throws InvalidOptionException for unknown options, malformed values or distances out of range
   */
  @Override
  public List<Codebook> generate(CodebookSpec spec) {
    Options options = effectiveOptions(spec);
    int classes = spec.classes();
    int minDistance = options.getInt(MIN_DISTANCE);
    int length = length(spec, minDistance);
    int maxDistance = options.getInt(MAX_DISTANCE);
    if (maxDistance <= minDistance || maxDistance > length) {
      throw new InvalidOptionException(
          MAX_DISTANCE,
          "option '" + MAX_DISTANCE + "' must be above min-distance " + minDistance
              + " and at most K = " + length + ", got " + maxDistance);
    }
    int maxAttempts = options.getInt(MAX_ATTEMPTS);
    if (maxAttempts < 1) {
      throw new InvalidOptionException(
          MAX_ATTEMPTS, "option '" + MAX_ATTEMPTS + "' must be at least 1, got " + maxAttempts);
    }
    DistanceRules rules = new DistanceRules(length, minDistance, maxDistance);
    CodeSizeBounds.requireFeasible(classes, rules);
    RandomCodebookSampler sampler = new RandomCodebookSampler(classes, rules, maxAttempts);
    SplittableRandom root = new SplittableRandom(spec.seed());
    if (options.getString(SHARING).equals(SHARED)) {
      return Collections.nCopies(spec.members(), sampler.sample(root.split()));
    }
    List<Codebook> codebooks = new ArrayList<>(spec.members());
    for (int m = 0; m < spec.members(); m++) {
      codebooks.add(sampler.sample(root.split()));
    }
    return List.copyOf(codebooks);
  }

  /**
   * The options {@link #generate} uses: {@code min-distance}, when not given, derived as {@code
   * ceil(log2 N)} and {@code max-distance}, when not given, derived as the code length K.
   *
   * @throws IllegalArgumentException if the length is below Kmin
   * @throws InvalidOptionException for unknown options, malformed values or a min-distance below 1
   */
  @Override
  public Options effectiveOptions(CodebookSpec spec) {
    Options options = Options.parse(options(), spec.options());
    if (!options.has(MIN_DISTANCE)) {
      options = options.derive(MIN_DISTANCE, Integer.toString(Log2.ceil(spec.classes())));
    }
    int length = length(spec, options.getInt(MIN_DISTANCE));
    if (!options.has(MAX_DISTANCE)) {
      options = options.derive(MAX_DISTANCE, Integer.toString(length));
    }
    return options;
  }

  /**
   * The code length: the requested one, else {@value #DEFAULT_LENGTH} or Kmin when that is larger.
   *
   * @throws IllegalArgumentException if the requested length is below Kmin
   * @throws InvalidOptionException for a min-distance below 1 or too large
   */
  private static int length(CodebookSpec spec, int minDistance) {
    if (minDistance < 1) {
      throw new InvalidOptionException(
          MIN_DISTANCE, "option '" + MIN_DISTANCE + "' must be at least 1, got " + minDistance);
    }
    int log2 = Log2.ceil(spec.classes());
    long kminLong = (long) log2 + minDistance + 1;
    if (kminLong > Integer.MAX_VALUE) {
      throw new InvalidOptionException(
          MIN_DISTANCE, "option '" + MIN_DISTANCE + "' = " + minDistance + " is too large");
    }
    int kmin = (int) kminLong;
    int length = spec.length().orElse(Math.max(DEFAULT_LENGTH, kmin));
    if (length < kmin) {
      throw new IllegalArgumentException(
          "random binary code of length K = " + length + " is too short for N = "
              + spec.classes() + " classes with min-distance " + minDistance
              + ": it needs K >= Kmin = ceil(log2 N) + Hmin + 1 = " + kmin);
    }
    return length;
  }
}
