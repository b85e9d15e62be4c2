package org.ecoc4j.training;

import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.random.Seeds;

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
    return Seeds.forStage(config.seed(), stage);
  }

  /**
   * The seed of one batch's augmentation in view {@code view}: for view 0 a draw from the stage
   * seed, the epoch and the batch; for a later view a draw from view 0's seed and the view.
   */
  public static long augmentation(long seed, int epoch, int batch, int view) {
    long first = Seeds.forBatch(seed, epoch, batch);
    return view == 0 ? first : Seeds.forView(first, view);
  }
}
