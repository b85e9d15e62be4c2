package org.ecoc4j.attacks;

import java.util.SplittableRandom;

/**
 * Independent random streams per sample of a batch, derived from the attack's seed and the
 * sample's position only, so a sample's random choices do not depend on the size of its batch.
 */
final class SampleRandom {

  private SampleRandom() {}

  /** One stream per sample. */
  static SplittableRandom[] streams(long seed, int batch) {
    SplittableRandom[] streams = new SplittableRandom[batch];
    for (int b = 0; b < batch; b++) {
      streams[b] = new SplittableRandom(mix(seed ^ mix(b + 0x632BE59BD9B4E019L)));
    }
    return streams;
  }

  /** SplitMix64's finalizer: a bijective mix of the 64 bits. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
