package org.ecoc4j.store;

/** An input file that is missing, unreadable or malformed; the message names the file and place. */
public final class InputFileException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; the message names the file and what is wrong. */
  public InputFileException(String message) {
    super(message);
  }

  /** Creates the exception with its cause; the message names the file and what is wrong. */
  public InputFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
