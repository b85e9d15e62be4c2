package org.ecoc4j.launcher.config;

/** A configuration file that is missing or unreadable; the message names the file. */
public final class ConfigFileException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message naming the file. */
  public ConfigFileException(String message) {
    super(message);
  }

  /** Creates the exception with a message naming the file and the underlying cause. */
  public ConfigFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
