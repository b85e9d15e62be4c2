package org.ecoc4j.host;

/** A plugin source that failed to load; the message names the source and the cause. */
public final class PluginLoadException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient PluginLoadProblem problem;

  /**
   * Creates the exception.
   *
   * @param origin the jar or built-in module path that failed
   * @param cause what went wrong, in one line
   */
  public PluginLoadException(PluginOrigin origin, String cause) {
    this(new PluginLoadProblem(origin, cause));
  }

  private PluginLoadException(PluginLoadProblem problem) {
    super(problem.message());
    this.problem = problem;
  }

  /** The failure as a problem to report. */
  public PluginLoadProblem problem() {
    return problem;
  }
}
