package org.ecoc4j.api.random;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * The one place sub-seeds are derived from a run's seed: the SplitMix64 finalizer and each named
 * derivation the modules use (per sample, per target draw, per attack run, per epoch, per batch,
 * per layer and step, per parameter, per class). Each derivation is fixed: changing one changes
 * the numbers of every run that uses it.
 */
public final class Seeds {

  /** The 64-bit golden ratio, {@code 2^64 / phi}. */
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  /** Multiplier of a stage index. */
  private static final long STAGE = 0xD1B54A32D192ED03L;

  /** SplitMix64's first multiplier. */
  private static final long MIX1 = 0xBF58476D1CE4E5B9L;

  /** SplitMix64's second multiplier. */
  private static final long MIX2 = 0x94D049BB133111EBL;

  /** The salt of per-sample streams. */
  private static final long SAMPLE = 0x632BE59BD9B4E019L;

  /** The salt of per-sample target draws. */
  private static final long TARGET = 0x7A3C5E9D1B2F4861L;

  /** The multiplier of an attack's index in an attack run's seed. */
  private static final long ATTACK = 0xC2B2AE3D27D4EB4FL;

  /** FNV-1a 64's offset basis. */
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;

  /** FNV-1a 64's prime. */
  private static final long FNV_PRIME = 0x100000001b3L;

  /** A prime spreading per-class seeds apart. */
  private static final long CLASS = 1_000_003L;

  private Seeds() {}

  /** SplitMix64's finalizer: a bijective mix of the 64 bits of {@code z}. */
  public static long mix(long z) {
    z = (z ^ (z >>> 30)) * MIX1;
    z = (z ^ (z >>> 27)) * MIX2;
    return z ^ (z >>> 31);
  }

  /**
   * The seed of sample {@code sample}'s own random stream, independent of the batch it is in:
   * {@code mix(seed ^ mix(sample + salt))}.
   */
  public static long forSample(long seed, long sample) {
    return mix(seed ^ mix(sample + SAMPLE));
  }

  /**
   * The seed of a random target class drawn for sample {@code sample}: {@code mix(seed ^
   * mix(sample ^ salt))}.
   */
  public static long forTarget(long seed, long sample) {
    return mix(seed ^ mix(sample ^ TARGET));
  }

  /**
   * The seed of one attack run of an evaluation: the batch starting at sample {@code start},
   * attack (and target rank) {@code attack}, epsilon index {@code epsilon}; {@code seed ^
   * mix(start * golden + attack * c + epsilon + 1)}.
   */
  public static long forAttackRun(long seed, long start, long attack, long epsilon) {
    return seed ^ mix(start * GOLDEN + attack * ATTACK + epsilon + 1);
  }

  /** The seed of epoch {@code epoch}'s sample order: {@code seed ^ (golden * epoch)}. */
  public static long forEpoch(long seed, int epoch) {
    return seed ^ (GOLDEN * epoch);
  }

  /**
   * The seed of one training batch's random choices (augmentation): the first draw of a
   * {@link SplittableRandom} seeded with {@code seed ^ (m1 * epoch) ^ (m2 * (batch + 1))}.
   */
  public static long forBatch(long seed, int epoch, int batch) {
    return new SplittableRandom(seed ^ (MIX1 * epoch) ^ (MIX2 * (batch + 1L))).nextLong();
  }

  /**
   * The seed of a later training stage ({@code stage} at least 1): the first draw of a {@link
   * SplittableRandom} seeded with {@code seed ^ (m * stage)}.
   */
  public static long forStage(long seed, int stage) {
    return new SplittableRandom(seed ^ (STAGE * stage)).nextLong();
  }

  /**
   * The seed of a later view ({@code view} at least 1) of one batch, from the first view's seed:
   * the first draw of a {@link SplittableRandom} seeded with {@code first ^ (golden * view)}.
   */
  public static long forView(long first, int view) {
    return new SplittableRandom(first ^ (GOLDEN * view)).nextLong();
  }

  /**
   * A seed mixed with each of {@code parts} in turn (for example epoch, batch and layer of a
   * dropout mask): {@code h = next(seed)}, then {@code h = next(h ^ part)} for each part, where
   * {@code next(s)} is the first draw of a {@link SplittableRandom} seeded with {@code s}.
   */
  public static long chain(long seed, long... parts) {
    long h = new SplittableRandom(seed).nextLong();
    for (long part : parts) {
      h = new SplittableRandom(h ^ part).nextLong();
    }
    return h;
  }

  /**
   * The seed of one training step's batch mixing drawn per step (mixup's weights and partners):
   * {@link #chain}{@code (forName(seed, "batch-mixing"), epoch, batch)}, apart from the dropout
   * masks' streams of the same step.
   */
  public static long forBatchMixing(long seed, int epoch, int batch) {
    return chain(forName(seed, "batch-mixing"), epoch, batch);
  }

  /**
   * The seed of something named, such as a parameter's initial values: {@code seed ^
   * fnv1a64(name)} over the name's UTF-8 bytes, so that adding a parameter leaves the others'
   * values unchanged.
   */
  public static long forName(long seed, String name) {
    long h = FNV_OFFSET;
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xff)) * FNV_PRIME;
    }
    return seed ^ h;
  }

  /** The seed of class {@code label}'s draw (a stratified subset): {@code seed * p + label}. */
  public static long forClass(long seed, int label) {
    return seed * CLASS + label;
  }
}
