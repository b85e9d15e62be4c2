package org.ecoc4j.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Consumer;

/** Writes files so that a reader never sees a half-written one: write beside it, then rename. */
public final class AtomicFiles {

  private AtomicFiles() {}

  /**
   * Lets {@code writer} write {@code file}'s new content to a temporary file next to it (the name
   * with {@code .tmp} appended), then renames that over {@code file} atomically.
   *
   * @throws UncheckedIOException when the rename fails
   */
  public static void write(Path file, Consumer<Path> writer) {
    Path target = file.toAbsolutePath();
    Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
    writer.accept(temporary);
    try {
      Files.move(
          temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("could not rename " + temporary + " to " + target, e);
    }
  }
}
