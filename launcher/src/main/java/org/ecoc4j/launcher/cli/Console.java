package org.ecoc4j.launcher.cli;

import java.io.PrintWriter;
import java.util.Objects;

/**
 * Where commands write: results to {@link #out()}, errors to {@link #err()}.
 *
 * @param out standard output
 * @param err standard error
 */
public record Console(PrintWriter out, PrintWriter err) {

  /** Checks that both writers are given. */
  public Console {
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(err, "err");
  }

  /** Prints {@code text} to standard output, ending it with a newline unless it has one. */
  public void print(String text) {
    out.print(text.endsWith("\n") ? text : text + "\n");
    out.flush();
  }

  /** Prints one error line to standard error, e.g. {@code ecoc4j codebook generate: ...}. */
  public void error(String line) {
    err.println(line);
    err.flush();
  }
}
