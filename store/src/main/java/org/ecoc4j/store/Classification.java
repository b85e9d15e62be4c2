package org.ecoc4j.store;

import java.util.Locale;
import java.util.Objects;
import org.ecoc4j.api.decoding.Decisions;
import org.ecoc4j.api.decoding.Rejection;

/**
 * What a {@link DefendedModel} decided for one image: a class, or a rejection with its reason.
 *
 * @param label the class index, or {@link Decisions#REJECTED}
 * @param className the class's name, or {@code null} for a rejection
 * @param confidence the deployed decoder's confidence in [0, 1] (for a rejection: that of the word
 *     it rejected)
 * @param reason why the decoder abstained, or {@link Rejection#NONE} when it decided
 */
public record Classification(int label, String className, float confidence, Rejection reason) {

  /** Refuses a class without a name, a rejection without a reason, and the reverse. */
  public Classification {
    Objects.requireNonNull(reason, "reason");
    if ((label == Decisions.REJECTED) != (reason != Rejection.NONE)
        || (label == Decisions.REJECTED) != (className == null)) {
      throw new IllegalArgumentException("a class needs a name and no rejection reason, a"
          + " rejection a reason and no class; got " + label + ", " + className + ", " + reason);
    }
  }

  /** Whether the decoder abstained. */
  public boolean rejected() {
    return label == Decisions.REJECTED;
  }

  /** The reason as written in reports: {@code below-threshold}, ..., empty when decided. */
  public String reasonLabel() {
    return reason == Rejection.NONE ? "" : reason.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
