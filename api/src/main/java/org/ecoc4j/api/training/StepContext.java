package org.ecoc4j.api.training;

/**
 * Where an optimizer step falls in the run and the learning rate it uses.
 *
 * <p>A backend draws any randomness of the step (dropout masks) from {@link #seed()}, {@link
 * #epoch()} and {@link #batch()}, so that a resumed run repeats the uninterrupted run's steps.
 *
 * @param stage 0-based stage index
 * @param epoch 1-based epoch within the stage
 * @param batch 0-based batch within the epoch
 * @param seed the seed of the step's randomness: the first stage's configured seed, for later
 *     stages one derived from theirs and the stage index
 * @param baseLearningRate the stage's configured learning rate
 * @param scheduleFactor the factor of the stage's learning-rate schedule at this step
 */
public record StepContext(
    int stage, int epoch, int batch, long seed, double baseLearningRate, double scheduleFactor) {

  /**
   * The step's learning rate: {@code baseLearningRate * scheduleFactor}. A backend that scales
   * the rate (an optimizer emulated through another's update) multiplies the base by its scale
   * first, then by the factor.
   */
  public double learningRate() {
    return baseLearningRate * scheduleFactor;
  }
}
