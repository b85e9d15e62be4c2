package org.ecoc4j.api.attack;

/**
 * What an attack wants, which decides the direction in which it moves the objective.
 *
 * <p>An objective is a per-sample loss of an image and a label. An untargeted attack is given the
 * true labels and increases the loss; a targeted attack is given the target classes and decreases
 * it.
 */
public enum Goal {
  /** Any wrong class: ascend the objective at the true label. */
  UNTARGETED,
  /** A chosen class: descend the objective at the target label. */
  TARGETED;

  /** {@code +1} for untargeted (ascent), {@code -1} for targeted (descent). */
  public float direction() {
    return this == UNTARGETED ? 1f : -1f;
  }

  /** Whether {@code candidate} is a better loss than {@code incumbent} for this goal. */
  public boolean improves(float candidate, float incumbent) {
    return this == UNTARGETED ? candidate > incumbent : candidate < incumbent;
  }
}
