package org.ecoc4j.decoders;

import org.ecoc4j.api.plugin.InvalidOptionException;
import org.ecoc4j.api.plugin.OptionSpec;
import org.ecoc4j.api.plugin.Options;

/** The {@code temperature} option of the softmax decoders: a number greater than zero. */
final class Temperature {

  /** The option's name. */
  static final String NAME = "temperature";

  /** The option's declaration, default 1. */
  static final OptionSpec SPEC =
      OptionSpec.ofDouble(
          NAME, 1.0, "softmax temperature T > 0 of the posterior; larger is flatter");

  private Temperature() {}

  /**
   * The validated temperature.
   *
   * @throws InvalidOptionException if it is not greater than zero
   */
  static double read(Options options) {
    double t = options.getDouble(NAME);
    if (!(t > 0)) {
      throw new InvalidOptionException(
          NAME, "option '" + NAME + "' must be greater than 0, got " + t);
    }
    return t;
  }
}
