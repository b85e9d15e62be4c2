package org.ecoc4j.experiments;

import java.util.OptionalInt;

/**
 * How a training run divided its data (the contrastive ECOC paper's Table 3: train, generation,
 * validation, test) and which epoch model selection deployed, for provenance.
 *
 * @param train images trained on
 * @param generation images held out of training to generate a learned codebook, 0 for none
 * @param validation images held out of the test split to select the deployed epoch, 0 for none
 * @param test images left to evaluate on
 * @param validationFraction the share of the test split held out as the validation split, 0 for
 *     none
 * @param selectedEpoch the last stage's epoch whose weights are deployed when a validation split
 *     selected it; empty when the last epoch is deployed without selection
 */
public record TrainingSplits(
    int train, int generation, int validation, int test, double validationFraction,
    OptionalInt selectedEpoch) {

  /** Refuses negative counts and a selection without a validation split. */
  public TrainingSplits {
    if (train < 0 || generation < 0 || validation < 0 || test < 0) {
      throw new IllegalArgumentException("sample counts must be >= 0, got train " + train
          + ", generation " + generation + ", validation " + validation + ", test " + test);
    }
    if (!(validationFraction >= 0 && validationFraction < 1)) {
      throw new IllegalArgumentException(
          "the validation fraction must be in [0, 1), got " + validationFraction);
    }
    if ((validation > 0) != (validationFraction > 0)) {
      throw new IllegalArgumentException("a validation split and its fraction go together, got "
          + validation + " images and fraction " + validationFraction);
    }
    if (selectedEpoch.isPresent() && validation == 0) {
      throw new IllegalArgumentException("an epoch is selected only on a validation split");
    }
  }

  /** The whole training and test splits of a run without held-out parts or selection. */
  public static TrainingSplits whole(int train, int test) {
    return new TrainingSplits(train, 0, 0, test, 0, OptionalInt.empty());
  }
}
