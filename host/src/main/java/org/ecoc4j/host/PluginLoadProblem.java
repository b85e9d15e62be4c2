package org.ecoc4j.host;

import java.util.Objects;

/**
 * A plugin source that could not be loaded; the host records it and goes on with the others.
 *
 * @param origin the jar (or the built-in module path) that failed
 * @param cause what went wrong, in one line
 */
public record PluginLoadProblem(PluginOrigin origin, String cause) {

  /** Checks that nothing is missing. */
  public PluginLoadProblem {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(cause, "cause");
  }

  /** One line for the user: which source failed and why. */
  public String message() {
    return (origin.isBuiltIn() ? "a built-in plugin" : "plugin jar " + origin)
        + " could not be loaded: " + cause;
  }
}
