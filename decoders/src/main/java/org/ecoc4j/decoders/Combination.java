package org.ecoc4j.decoders;

import java.util.Locale;

/** How an ensemble's member decisions become one decision (the decoders' {@code combine} option). */
enum Combination {
  /** Sum the members' posteriors and take the argmax (Eq. 7 of the random binary ensemble paper). */
  MAP,
  /** Each accepting member votes for its class; most votes wins (Eq. 8). */
  VOTE;

  /** The option word, e.g. {@code map}. */
  String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The combination named by an option word. */
  static Combination ofWord(String word) {
    return valueOf(word.toUpperCase(Locale.ROOT));
  }
}
