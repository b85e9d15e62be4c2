package org.ecoc4j.training;

import java.io.PrintStream;
import java.util.Locale;
import org.ecoc4j.api.backend.EpochSummary;

/**
 * A one-line progress bar on a terminal stream: stage (when there are several), epoch, batches
 * done, running loss and accuracy, images per second. Redraws at most every {@value
 * #INTERVAL_NANOS} nanoseconds.
 */
final class ProgressBar {

  private static final long INTERVAL_NANOS = 250_000_000L;
  private static final int WIDTH = 24;

  private final PrintStream out;
  private final String prefix;
  private long lastDraw;

  /**
   * @param out the stream, or {@code null} for none
   * @param prefix printed before the epoch, e.g. {@code "pretrain "}; empty for a single stage
   */
  ProgressBar(PrintStream out, String prefix) {
    this.out = out;
    this.prefix = prefix;
  }

  void update(
      int epoch, int epochs, int done, int total, double loss, double accuracy, double rate,
      boolean force) {
    if (out == null) {
      return;
    }
    long now = System.nanoTime();
    if (!force && now - lastDraw < INTERVAL_NANOS) {
      return;
    }
    lastDraw = now;
    int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * done / total);
    String bar = "#".repeat(filled) + ".".repeat(WIDTH - filled);
    out.print(
        String.format(
            Locale.ROOT,
            "\r%sepoch %d/%d [%s] %d/%d loss %.4f acc %.1f%% %.0f img/s",
            prefix, epoch, epochs, bar, done, total, loss, 100 * accuracy, rate));
    out.flush();
  }

  void finish(EpochSummary report) {
    if (out == null) {
      return;
    }
    String test =
        Double.isNaN(report.testAccuracy())
            ? ""
            : String.format(Locale.ROOT, " test acc %.2f%%", 100 * report.testAccuracy());
    String validation =
        Double.isNaN(report.validationAccuracy())
            ? ""
            : String.format(
                Locale.ROOT, " validation acc %.2f%%", 100 * report.validationAccuracy());
    out.println(test + validation);
    out.flush();
  }
}
