package org.ecoc4j.api.backend;

import java.util.SplittableRandom;

/**
 * Changes a training batch in place before a step (flips, crops, noise). A trainer calls it with a
 * random source drawn from its seed, the epoch and the batch, so a resumed run sees the same
 * augmented batches as an uninterrupted one.
 */
@FunctionalInterface
public interface ImageAugmentation {

  /**
   * Augments the first {@code count} images of {@code images} in place.
   *
   * @param images sample-major images of {@code shape}, at least {@code count} of them
   * @param random the only source of randomness to use
   */
  void augment(float[] images, int count, ImageShape shape, SplittableRandom random);
}
