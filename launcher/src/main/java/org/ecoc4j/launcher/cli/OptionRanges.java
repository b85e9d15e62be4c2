package org.ecoc4j.launcher.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Refuses a size or rate option out of range before any work or output, naming the option: the
 * one check every command uses for its counts and positive rates.
 */
final class OptionRanges {

  private OptionRanges() {}

  /**
   * Refuses a count below 1.
   *
   * @throws ParameterException naming {@code option} and its value
   */
  static void requirePositive(CommandSpec spec, String option, int value) {
    if (value < 1) {
      throw new ParameterException(spec.commandLine(), option + " must be positive, got " + value);
    }
  }

  /**
   * Refuses a rate that is not positive and finite (NaN included).
   *
   * @throws ParameterException naming {@code option} and its value
   */
  static void requirePositiveFinite(CommandSpec spec, String option, double value) {
    if (!(value > 0 && Double.isFinite(value))) {
      throw new ParameterException(
          spec.commandLine(), option + " must be positive and finite, got " + value);
    }
  }
}
