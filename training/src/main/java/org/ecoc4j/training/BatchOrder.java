package org.ecoc4j.training;

import java.util.SplittableRandom;
import org.ecoc4j.api.random.Seeds;

/**
 * The order in which an epoch visits the training samples, as {@link
 * org.ecoc4j.api.backend.TrainingConfig} documents it: the natural order without shuffling;
 * otherwise a Fisher-Yates shuffle (from the last position down) driven by a {@link
 * SplittableRandom} seeded with {@code seed ^ (0x9E3779B97F4A7C15 * epoch)}.
 */
public final class BatchOrder {

  private BatchOrder() {}

  /**
   * The sample order of one epoch.
   *
   * @param size number of training samples
   * @param shuffle whether to shuffle
   * @param seed the stage's seed ({@link StageSeeds#of})
   * @param epoch 1-based epoch
   */
  public static int[] of(int size, boolean shuffle, long seed, int epoch) {
    int[] order = new int[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    if (shuffle) {
      SplittableRandom random = new SplittableRandom(Seeds.forEpoch(seed, epoch));
      for (int i = size - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
    }
    return order;
  }
}
