package org.ecoc4j.attacks;

import java.util.SplittableRandom;
import org.ecoc4j.api.random.Seeds;

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
      streams[b] = new SplittableRandom(Seeds.forSample(seed, b));
    }
    return streams;
  }
}
