package org.ecoc4j.launcher.cli;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Refuses a list option that gives a value twice, which would run the same work twice and repeat
 * its rows in the report.
 */
final class DistinctValues {

  private DistinctValues() {}

  /**
   * Refuses {@code values} of {@code option} if two of them are equal.
   *
   * @param values the option's values as compared: names stripped, numbers as parsed
   * @throws ParameterException naming the option and the value given twice
   */
  static void require(CommandSpec spec, String option, List<?> values) {
    Set<Object> seen = new HashSet<>();
    for (Object value : values) {
      if (!seen.add(value)) {
        throw new ParameterException(
            spec.commandLine(), option + " gives " + value + " twice; give each value once");
      }
    }
  }

  /** Attack names as they are looked up: without surrounding blanks. */
  static List<String> names(List<String> names) {
    return names.stream().map(String::strip).toList();
  }

  /** Radii as numbers: {@code 0.1} and {@code 0.10} are one radius, and so are -0 and 0. */
  static List<Double> radii(List<Double> radii) {
    return radii.stream().map(radius -> radius + 0.0).toList();
  }
}
