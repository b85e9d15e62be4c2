package org.ecoc4j.decoders;

import org.ecoc4j.api.decoding.Decisions;
import org.ecoc4j.api.decoding.Rejection;

/**
 * One member's decision on one sample: a class or a rejection, with a confidence. A mutable
 * scratch object that a {@link MemberRule} overwrites, so deciding allocates nothing.
 */
final class MemberDecision {

  private int label = Decisions.REJECTED;
  private float confidence;
  private Rejection reason = Rejection.NONE;

  /** Records class {@code decided} with {@code conf}. */
  void accept(int decided, float conf) {
    label = decided;
    confidence = conf;
    reason = Rejection.NONE;
  }

  /** Records a rejection for {@code why}, with the confidence of the rejected word. */
  void reject(Rejection why, float conf) {
    label = Decisions.REJECTED;
    confidence = conf;
    reason = why;
  }

  /** The decided class, or {@link Decisions#REJECTED}. */
  int label() {
    return label;
  }

  /** Whether the member rejected the sample. */
  boolean rejected() {
    return label == Decisions.REJECTED;
  }

  /** Confidence in [0, 1]. */
  float confidence() {
    return confidence;
  }

  /** Why the member rejected, or {@link Rejection#NONE}. */
  Rejection reason() {
    return reason;
  }

  /** Copies this decision into sample {@code i} of {@code into}. */
  void writeTo(Decisions into, int i) {
    if (rejected()) {
      into.reject(i, reason, confidence);
    } else {
      into.accept(i, label, confidence);
    }
  }
}
