package org.ecoc4j.defenses;

import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.codebook.CodeTable;
import org.ecoc4j.api.training.StagePreparation;

/**
 * ACL-PF's codebook generation between its stages (Chou and Chen, Sec. 2.2.2 and 2.5: "ACL-PF
 * generates the codebook when pretraining is complete"): the class means of the pretrained
 * network's outputs on the generation split (Eq. 3, {@link ClassMeanCodes}), against which the
 * fine-tuning stage trains with Eq. 9 as a fixed table.
 *
 * @param classes number of classes N
 * @param length code length K
 * @param tau the temperature of the row separation loss (Eq. 4)
 */
record GeneratedCodebook(int classes, int length, float tau) implements StagePreparation {

  @Override
  public CodeTable generate(float[] outputs, int[] labels) {
    return ClassMeanCodes.of(outputs, labels, classes, length);
  }

  @Override
  public LossSpec loss(CodeTable generated) {
    if (generated.classes() != classes || generated.length() != length) {
      throw new IllegalArgumentException("the fine-tuning stage needs a " + classes + " x "
          + length + " code table, got " + generated.classes() + " x " + generated.length());
    }
    return ContrastiveLosses.onTable(generated, tau);
  }
}
