package org.ecoc4j.api.training;

import java.util.Objects;

/**
 * What one optimizer step measured on its batch: the mean loss before the update and the class
 * each sample's scores pointed to.
 *
 * @param loss the batch's mean training loss (not finite when training diverged)
 * @param predictions the predicted class of each sample of the batch, in batch order
 */
public record StepResult(float loss, int[] predictions) {

  /** Refuses null predictions (not copied). */
  public StepResult {
    Objects.requireNonNull(predictions, "predictions");
  }
}
