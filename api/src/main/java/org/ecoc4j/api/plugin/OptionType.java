package org.ecoc4j.api.plugin;

/** The value types a plugin option may have. */
public enum OptionType {
  /** A 32-bit signed integer. */
  INTEGER,
  /** A 64-bit signed integer, e.g. a seed. */
  LONG,
  /** A finite double; NaN and infinities are refused. */
  DOUBLE,
  /** {@code true} or {@code false} (case-insensitive). */
  BOOLEAN,
  /** Free text. */
  STRING,
  /** One of a fixed list of words (see {@link OptionSpec#choices()}). */
  CHOICE
}
