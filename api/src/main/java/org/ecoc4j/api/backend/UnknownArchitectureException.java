package org.ecoc4j.api.backend;

import java.util.List;

/**
 * An architecture name a backend's model zoo does not know: a usage error, so callers can answer
 * it with the names the backend knows.
 */
public final class UnknownArchitectureException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String architecture;
  private final List<String> known;

  /**
   * Creates the exception; its message names {@code architecture} and lists {@code known}.
   *
   * @param architecture the name asked for
   * @param known the names the backend knows, in the order to show them
   */
  public UnknownArchitectureException(String architecture, List<String> known) {
    super("unknown architecture '" + architecture + "'; known: " + String.join(", ", known));
    this.architecture = architecture;
    this.known = List.copyOf(known);
  }

  /** The name asked for. */
  public String architecture() {
    return architecture;
  }

  /** The names the backend knows. */
  public List<String> known() {
    return known;
  }
}
