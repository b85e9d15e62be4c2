package org.ecoc4j.evaluation;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A progress bar on one line of a stream, redrawn in place after every attack of every batch:
 * {@code attack [#####.....] 100/500 samples, pgd eps 0.1, 12.3 s}. The bar counts the attack
 * runs (attacks x epsilons) done on every sample.
 */
final class ProgressLine {

  private static final int WIDTH = 30;

  private final PrintWriter out;
  private final long total;
  private final int runs;
  private final long start = System.nanoTime();

  /**
   * A bar for {@code total} samples, each attacked {@code runs} times.
   *
   * @param out the stream, or {@code null} for no output
   */
  ProgressLine(PrintWriter out, long total, int runs) {
    this.out = out;
    this.total = total;
    this.runs = runs;
  }

  /**
   * Shows that {@code done} samples are finished and {@code runsDone} runs of the current batch
   * of {@code batch} samples, the last one being {@code current}.
   */
  void update(long done, int batch, int runsDone, String current) {
    if (out == null) {
      return;
    }
    long work = done * runs + (long) batch * runsDone;
    int filled = (int) (WIDTH * work / Math.max(1, total * runs));
    double seconds = (System.nanoTime() - start) / 1e9;
    out.print(String.format(Locale.ROOT, "\rattack [%s%s] %d/%d samples%s %.1f s   ",
        "#".repeat(filled), ".".repeat(WIDTH - filled), done, total,
        current.isEmpty() ? "," : ", " + current + ",", seconds));
    out.flush();
  }

  /** Ends the line. */
  void finish() {
    if (out != null) {
      out.println();
    }
  }
}
