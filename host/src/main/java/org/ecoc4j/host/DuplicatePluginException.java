package org.ecoc4j.host;

/** Two loaded plugins of one SPI share a name; the message names where both came from. */
public final class DuplicatePluginException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param kind the SPI both plugins provide
   * @param name the shared name
   * @param first where the first plugin came from
   * @param second where the second plugin came from
   */
  public DuplicatePluginException(
      PluginKind<?> kind, String name, PluginOrigin first, PluginOrigin second) {
    super(
        "duplicate " + kind.title() + " name '" + name + "': provided by " + first + " and by "
            + second + "; remove one of them");
  }
}
