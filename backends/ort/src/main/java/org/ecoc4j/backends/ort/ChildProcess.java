package org.ecoc4j.backends.ort;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A process the benchmark ran to its end: what it wrote (standard output and error together) and
 * its exit status.
 *
 * @param output the process's standard output and error, interleaved
 * @param status its exit status
 */
record ChildProcess(String output, int status) {

  /**
   * Runs {@code command} with this process's environment and {@code environment} added, and waits
   * for it, at most {@code timeoutMinutes} after its output ends.
   *
   * @param what names the process in errors, e.g. "the PyTorch side"
   * @throws UncheckedIOException when the process cannot be started, naming the command
   * @throws IllegalStateException when it runs past the timeout (it is then killed) or the wait is
   *     interrupted (the thread's interrupt flag is set again)
   */
  static ChildProcess run(
      List<String> command, Map<String, String> environment, String what, long timeoutMinutes) {
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().putAll(environment);
      Process p = builder.start();
      String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IllegalStateException(what + " ran past " + timeoutMinutes + " min");
      }
      return new ChildProcess(text, p.exitValue());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot run " + what + " (" + String.join(" ", command) + "): " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while " + what + " ran", e);
    }
  }

  /** The last line of the output, or an empty string for none. */
  String lastLine() {
    return output.strip().lines().reduce((a, b) -> b).orElse("");
  }
}
