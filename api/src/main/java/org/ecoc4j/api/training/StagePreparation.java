package org.ecoc4j.api.training;

import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.codebook.CodeTable;

/**
 * What a stage computes between stages, from the network the previous stage ended with, before
 * its first step: a code table generated from that network's outputs on the run's generation
 * split ({@link TrainingData#generation()}), and the stage's loss against that table. For example
 * contrastive ECOC's ACL-PF generates its codebook once pretraining is complete (the class means
 * of the pretrained network's outputs, Eq. 3) and fine-tunes against it.
 *
 * <p>The training loop runs {@link #generate} once, when the stage starts, and saves the table
 * with the run's checkpoint; a run resumed inside the stage reads the saved table back and calls
 * {@link #loss} with it, so it trains against the same table as the uninterrupted run.
 * Implementations are deterministic: the same outputs give the same table.
 */
public interface StagePreparation {

  /**
   * The table generated from the previous stage's network.
   *
   * @param outputs that network's outputs on the generation split, one row of {@code
   *     ModelSpec.outputWidth()} values per sample, in the split's order
   * @param labels the generation split's classes, in its order
   * @throws IllegalArgumentException when the outputs do not allow a table (for example a class
   *     without a sample), naming the problem
   */
  CodeTable generate(float[] outputs, int[] labels);

  /**
   * The stage's training loss against {@code generated}: replaces the stage's declared loss.
   *
   * @throws IllegalArgumentException for a table that does not fit the stage
   */
  LossSpec loss(CodeTable generated);
}
