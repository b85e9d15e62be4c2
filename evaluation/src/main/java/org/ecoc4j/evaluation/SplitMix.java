package org.ecoc4j.evaluation;

/** SplitMix64's finalizer, which the evaluation's seeds are derived with. */
final class SplitMix {

  private SplitMix() {}

  /** A bijective mix of the 64 bits of {@code z}. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
