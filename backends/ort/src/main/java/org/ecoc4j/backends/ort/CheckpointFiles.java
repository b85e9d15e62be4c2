package org.ecoc4j.backends.ort;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes checkpoints so that a reader never sees a half-written file. */
final class CheckpointFiles {

  private CheckpointFiles() {}

  /**
   * Saves the session's checkpoint with optimizer state next to {@code file}, then renames it over
   * {@code file} atomically.
   *
   * @throws UncheckedIOException when the rename fails
   */
  static void saveAtomically(TrainingSession session, Path file) {
    Path target = file.toAbsolutePath();
    Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
    session.saveCheckpoint(temporary, true);
    try {
      Files.move(
          temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("could not rename " + temporary + " to " + target, e);
    }
  }
}
