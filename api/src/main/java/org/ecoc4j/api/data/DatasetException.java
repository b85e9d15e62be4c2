package org.ecoc4j.api.data;

import java.util.Objects;

/**
 * A dataset that cannot be opened or read: a missing, truncated or corrupt file, a wrong magic
 * number, mismatched image and label counts, a label outside the class range, or a source (a
 * package registry, a tool) that is unavailable.
 *
 * <p>The message always names the source (usually a file) and the problem. A provider throws it
 * instead of returning a partial dataset.
 */
public class DatasetException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final String problem;

  /**
   * Creates the exception.
   *
   * @param source what could not be read: a file path, a resource or a package name
   * @param problem what is wrong with it, e.g. {@code "wrong magic number 0x00000802"}
   */
  public DatasetException(String source, String problem) {
    this(source, problem, null);
  }

  /**
   * Creates the exception with the low-level cause.
   *
   * @param source what could not be read: a file path, a resource or a package name
   * @param problem what is wrong with it
   * @param cause the underlying exception, or {@code null}
   */
  public DatasetException(String source, String problem, Throwable cause) {
    super(
        Objects.requireNonNull(source, "source") + ": " + Objects.requireNonNull(problem, "problem"),
        cause);
    this.source = source;
    this.problem = problem;
  }

  /** What could not be read, e.g. the file path. */
  public String source() {
    return source;
  }

  /** What is wrong with it, without the source. */
  public String problem() {
    return problem;
  }
}
