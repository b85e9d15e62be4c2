package org.ecoc4j.api.data;

/**
 * A random transformation of training images applied to a whole {@link Batch} in place, such as
 * random crops and horizontal flips. Labels stay as they are and values stay in [0, 1].
 *
 * <p>Deterministic: the same batch contents and the same seed always give the same result, so a
 * training run can be repeated exactly (derive the seed from the run seed, the epoch and the batch
 * number).
 */
@FunctionalInterface
public interface Augmentation {

  /** The augmentation that leaves every image as it is. */
  Augmentation NONE = (batch, seed) -> { };

  /** Transforms the first {@code batch.size()} images of {@code batch} in place. */
  void apply(Batch batch, long seed);
}
