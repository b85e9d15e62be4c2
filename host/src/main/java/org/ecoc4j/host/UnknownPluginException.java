package org.ecoc4j.host;

/** A plugin name that no loaded plugin of the asked SPI has; the message lists the valid names. */
public final class UnknownPluginException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message the whole message, naming the unknown plugin and the available ones
   */
  public UnknownPluginException(String message) {
    super(message);
  }
}
