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
  CHOICE,
  /**
   * The name of another plugin that this one uses, e.g. a defense's codebook generator; that
   * plugin's own options are given as {@code OPTION.NAME=VALUE} (see {@link Options#nested}).
   */
  PLUGIN
}
