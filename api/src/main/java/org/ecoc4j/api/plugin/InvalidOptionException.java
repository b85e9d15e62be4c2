package org.ecoc4j.api.plugin;

/** An option value that is unknown, malformed or out of range; names the offending option. */
public final class InvalidOptionException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String option;

  /**
   * Creates the exception.
   *
   * @param option the option's name
   * @param message the whole message shown to the user; it should name the option
   */
  public InvalidOptionException(String option, String message) {
    super(message);
    this.option = option;
  }

  /** The name of the offending option. */
  public String option() {
    return option;
  }
}
