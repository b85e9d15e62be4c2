package org.ecoc4j.training;

import java.util.SplittableRandom;
import org.ecoc4j.api.backend.TrainingConfig;

/**
 * The seeds the loop derives: each stage's seed (batch order, augmentation, the backend's step
 * randomness), and each batch's augmentation seed per view.
 *
 * <p>The first stage uses its configured seed as it is, so a one-stage run draws exactly what a
 * run without stages drew; a later stage mixes its index into its configured seed, so two stages
 * with the same configuration still see different orders and masks.
 */
public final class StageSeeds {

  private StageSeeds() {}

  /** The seed of stage {@code stage} (0-based) configured with {@code config}. */
  public static long of(TrainingConfig config, int stage) {
    if (stage == 0) {
      return config.seed();
    }
    return new SplittableRandom(config.seed() ^ (0xD1B54A32D192ED03L * stage)).nextLong();
  }

  /**
   * The seed of one batch's augmentation in view {@code view}: for view 0 a draw from the stage
   * seed, the epoch and the batch; for a later view a draw from view 0's seed and the view.
   */
  public static long augmentation(long seed, int epoch, int batch, int view) {
    long first =
        new SplittableRandom(
                seed ^ (0xBF58476D1CE4E5B9L * epoch) ^ (0x94D049BB133111EBL * (batch + 1L)))
            .nextLong();
    return view == 0 ? first : new SplittableRandom(first ^ (0x9E3779B97F4A7C15L * view)).nextLong();
  }
}
