package org.ecoc4j.evaluation;

import org.ecoc4j.api.decoding.Decisions;

/**
 * What the deployed decoder made of one sample, from best to worst for the defender: decided
 * right, rejected, decided a wrong class that is not the attack's goal, or the attack's goal
 * reached (a wrong accepted class for an untargeted attack or a {@code top-K} sweep, the target
 * for a one-target targeted attack). The worst case over attacks (or over the runs of a sweep)
 * keeps, per sample, the latest constant of this order; {@link Tally} reads each constant as
 * {@link Metrics} defines its counts, so worst-case metrics follow the same definitions.
 */
enum Outcome {
  /** The true class was accepted. */
  RIGHT,
  /** The decoder abstained. */
  REJECTED,
  /** A wrong class was accepted that is not the target of a one-target targeted attack. */
  WRONG,
  /** The attack's goal: a wrong accepted class, or the target when one target is aimed at. */
  SUCCESS;

  /**
   * The outcome of decision {@code b}.
   *
   * @param label the sample's true class
   * @param target the class a one-target targeted attack aims at, or a negative number when any
   *     wrong accepted class is the goal
   */
  static Outcome of(Decisions decisions, int b, int label, int target) {
    if (decisions.rejected(b)) {
      return REJECTED;
    }
    int decided = decisions.label(b);
    if (decided == label) {
      return RIGHT;
    }
    return target < 0 || decided == target ? SUCCESS : WRONG;
  }

  /** The worse of this outcome and {@code other}. */
  Outcome worst(Outcome other) {
    return other.compareTo(this) > 0 ? other : this;
  }
}
