package org.ecoc4j.backends.ort;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resident memory of this process from Linux's {@code /proc/self/status}: the current resident set
 * ({@code VmRSS}) and its high-water mark since the process started ({@code VmHWM}), in bytes.
 */
final class ResidentMemory {

  private static final Path STATUS = Path.of("/proc/self/status");

  private ResidentMemory() {}

  /** The current resident set size in bytes. */
  static long current() {
    return field(status(), "VmRSS");
  }

  /** The peak resident set size in bytes. */
  static long peak() {
    return field(status(), "VmHWM");
  }

  /**
   * The value of a {@code kB} field of a {@code /proc/PID/status} text, in bytes.
   *
   * @throws IllegalStateException when the field is missing or not a number of kB
   */
  static long field(String status, String name) {
    for (String line : status.lines().toList()) {
      if (line.startsWith(name + ":")) {
        String[] parts = line.substring(name.length() + 1).trim().split("\\s+");
        if (parts.length == 2 && parts[1].equals("kB") && parts[0].matches("\\d+")) {
          return Long.parseLong(parts[0]) * 1024;
        }
        throw new IllegalStateException("unreadable " + name + " line in " + STATUS + ": " + line);
      }
    }
    throw new IllegalStateException(
        "no " + name + " in " + STATUS + " (resident memory is read on Linux only)");
  }

  private static String status() {
    try {
      return Files.readString(STATUS);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read " + STATUS + " (resident memory is read on Linux only): " + e.getMessage(),
          e);
    }
  }
}
