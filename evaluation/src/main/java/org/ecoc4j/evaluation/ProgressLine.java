package org.ecoc4j.evaluation;

import java.io.PrintWriter;
import java.util.Locale;

/** A progress bar on one line of a stream, redrawn in place: {@code [#####.....] 120/500 samples}. */
final class ProgressLine {

  private static final int WIDTH = 30;

  private final PrintWriter out;
  private final long total;
  private final long start = System.nanoTime();

  ProgressLine(PrintWriter out, long total) {
    this.out = out;
    this.total = total;
  }

  /** Shows that {@code done} samples are finished. */
  void update(long done) {
    if (out == null) {
      return;
    }
    int filled = (int) (WIDTH * done / Math.max(1, total));
    double seconds = (System.nanoTime() - start) / 1e9;
    out.print(String.format(Locale.ROOT, "\rattack [%s%s] %d/%d samples %.1f s",
        "#".repeat(filled), ".".repeat(WIDTH - filled), done, total, seconds));
    out.flush();
  }

  /** Ends the line. */
  void finish() {
    if (out != null) {
      out.println();
    }
  }
}
