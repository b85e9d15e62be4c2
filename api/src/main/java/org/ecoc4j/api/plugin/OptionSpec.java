package org.ecoc4j.api.plugin;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Declares one option of a plugin: its name, type, default and help text.
 *
 * @param name option name, lower case with hyphens, e.g. {@code min-distance}
 * @param type value type
 * @param defaultValue default as text, or {@code null} when the plugin derives the value from
 *     other inputs (the help text then says how)
 * @param help one line for {@code --help}-style listings
 * @param choices allowed words for {@link OptionType#CHOICE}, empty otherwise
 */
public record OptionSpec(
    String name, OptionType type, String defaultValue, String help, List<String> choices) {

  /** Validates the declaration itself, including that the default parses. */
  public OptionSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(help, "help");
    choices = List.copyOf(choices);
    if (!name.matches("[a-z][a-z0-9]*(-[a-z0-9]+)*")) {
      throw new IllegalArgumentException(
          "option name '" + name + "' must be lower case words joined by hyphens");
    }
    if ((type == OptionType.CHOICE) == choices.isEmpty()) {
      throw new IllegalArgumentException(
          "option '" + name + "': choices are required for CHOICE options and only for them");
    }
    if (defaultValue != null) {
      parseValue(name, type, choices, defaultValue);
    }
  }

  /** An integer option. */
  public static OptionSpec ofInt(String name, Integer defaultValue, String help) {
    return new OptionSpec(name, OptionType.INTEGER, text(defaultValue), help, List.of());
  }

  /** A long option. */
  public static OptionSpec ofLong(String name, Long defaultValue, String help) {
    return new OptionSpec(name, OptionType.LONG, text(defaultValue), help, List.of());
  }

  /** A double option. */
  public static OptionSpec ofDouble(String name, Double defaultValue, String help) {
    return new OptionSpec(name, OptionType.DOUBLE, text(defaultValue), help, List.of());
  }

  /** A boolean option. */
  public static OptionSpec ofBoolean(String name, boolean defaultValue, String help) {
    return new OptionSpec(name, OptionType.BOOLEAN, text(defaultValue), help, List.of());
  }

  /** A free-text option. */
  public static OptionSpec ofString(String name, String defaultValue, String help) {
    return new OptionSpec(name, OptionType.STRING, defaultValue, help, List.of());
  }

  /** An option whose value is one of {@code choices}; {@code defaultValue} must be among them. */
  public static OptionSpec ofChoice(
      String name, String defaultValue, String help, String... choices) {
    return new OptionSpec(name, OptionType.CHOICE, defaultValue, help, List.of(choices));
  }

  /**
   * An option naming another plugin this one uses (any installed one; the plugin checks the name),
   * whose own options are given as {@code name.OPTION=VALUE} and reach it through {@link
   * Options#nested}.
   */
  public static OptionSpec ofPlugin(String name, String defaultValue, String help) {
    return new OptionSpec(name, OptionType.PLUGIN, defaultValue, help, List.of());
  }

  /**
   * Parses a raw text value of this option.
   *
   * @return an {@link Integer}, {@link Long}, {@link Double}, {@link Boolean} or {@link String}
   * @throws InvalidOptionException naming the option when the text does not fit the type
   */
  public Object parse(String raw) {
    return parseValue(name, type, choices, raw);
  }

  private static Object parseValue(
      String name, OptionType type, List<String> choices, String raw) {
    if (raw == null) {
      throw new InvalidOptionException(name, "option '" + name + "' has no value");
    }
    String text = raw.strip();
    try {
      switch (type) {
        case INTEGER:
          return Integer.valueOf(text);
        case LONG:
          return Long.valueOf(text);
        case DOUBLE:
          double value = Double.parseDouble(text);
          if (!Double.isFinite(value)) {
            throw new NumberFormatException("not finite");
          }
          return value;
        case BOOLEAN:
          String lower = text.toLowerCase(Locale.ROOT);
          if (lower.equals("true") || lower.equals("false")) {
            return Boolean.valueOf(lower);
          }
          throw new NumberFormatException("not a boolean");
        case CHOICE:
          if (choices.contains(text)) {
            return text;
          }
          throw new InvalidOptionException(
              name,
              "option '" + name + "' must be one of " + String.join(", ", choices)
                  + ", got '" + raw + "'");
        case PLUGIN:
          if (text.isEmpty()) {
            throw new InvalidOptionException(
                name, "option '" + name + "' must name a plugin, got an empty value");
          }
          return text;
        case STRING:
        default:
          return raw;
      }
    } catch (NumberFormatException e) {
      throw new InvalidOptionException(
          name,
          "option '" + name + "' expects " + article(type) + ", got '" + raw + "'");
    }
  }

  private static String article(OptionType type) {
    switch (type) {
      case INTEGER:
        return "an integer";
      case LONG:
        return "a long integer";
      case DOUBLE:
        return "a finite number";
      case BOOLEAN:
        return "true or false";
      case PLUGIN:
        return "a plugin name";
      default:
        return "a value";
    }
  }

  private static String text(Object value) {
    return value == null ? null : value.toString();
  }
}
