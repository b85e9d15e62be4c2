package org.ecoc4j.api.symbolic;

/**
 * A training loss written with {@link Terms}: the per-sample loss, [batch, 1], of the network's
 * outputs at the labels. A backend trains on its mean over the batch and differentiates it
 * with respect to the parameters; attacks that use the network's own loss see the per-sample
 * values.
 *
 * <p>Inside {@link #perSample}, {@link Terms#trainingLoss()} is the built-in loss of the {@link
 * org.ecoc4j.api.backend.LossSpec} this loss was attached to (not this loss itself).
 */
@FunctionalInterface
public interface TermLoss {

  /**
   * The per-sample loss, [batch, 1].
   *
   * @param terms the builder of the backend compiling the loss
   */
  Term perSample(Terms terms);
}
