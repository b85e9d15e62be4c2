package org.ecoc4j.defenses;

import java.util.Arrays;
import java.util.Locale;
import org.ecoc4j.api.plugin.OptionSpec;

/**
 * How a member's squared error to its codeword is reduced over the K bits: {@link #SUM}, the
 * squared L2 norm {@code ||tanh(o) - b||^2} of the random-binary paper's Eq. 3, or {@link #MEAN},
 * that norm divided by K (Keras-style mean squared error). The mean weights every other term of
 * the loss (the ensemble entropy) K times more relative to the squared error than the sum does.
 */
enum BitReduction {
  /** The squared L2 norm over the bits, as Eq. 3 writes it. */
  SUM,
  /** The mean over the bits: the norm divided by K. */
  MEAN;

  /** The option's name. */
  static final String OPTION = "bit-reduction";

  /** What the option means when it is not given: {@link #SUM}, as Eq. 3 writes the loss. */
  static final BitReduction DEFAULT = SUM;

  /** The option, with {@link #DEFAULT} as default. */
  static OptionSpec option() {
    return OptionSpec.ofChoice(
        OPTION, DEFAULT.word(),
        "how each member's squared error is reduced over the K bits: sum (the squared L2 norm of"
            + " Eq. 3) or mean (divided by K, Keras-style MSE)",
        Arrays.stream(values()).map(BitReduction::word).toArray(String[]::new));
  }

  /** The option's word for this reduction. */
  String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The reduction of a word. */
  static BitReduction ofWord(String word) {
    return valueOf(word.toUpperCase(Locale.ROOT));
  }

  /** The factor applied to the squared error summed over {@code length} bits. */
  float factor(int length) {
    return this == SUM ? 1f : 1f / length;
  }
}
