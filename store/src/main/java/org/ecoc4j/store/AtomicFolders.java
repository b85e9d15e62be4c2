package org.ecoc4j.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Writes folders so that nobody ever sees a half-written one under its name: the content goes to
 * a temporary sibling (same parent, so the same file system), which is renamed into place in one
 * atomic step at the end. A folder that already holds files is never replaced.
 */
public final class AtomicFolders {

  private AtomicFolders() {}

  /**
   * Lets {@code writer} fill a temporary sibling of {@code target} ({@code .NAME.partial-ID}),
   * then {@link #publish}es it; when anything fails the temporary folder is removed.
   *
   * @throws InputFileException naming the problem; {@code target} is then left as it was
   */
  public static void write(Path target, Consumer<Path> writer) {
    Path folder = target.toAbsolutePath().normalize();
    Path temporary =
        folder.resolveSibling("." + folder.getFileName() + ".partial-"
            + UUID.randomUUID().toString().substring(0, 8));
    try {
      Files.createDirectories(temporary);
    } catch (IOException e) {
      throw new InputFileException("cannot create " + temporary + ": " + e.getMessage(), e);
    }
    boolean published = false;
    try {
      writer.accept(temporary);
      publish(temporary, folder);
      published = true;
    } finally {
      if (!published) {
        deleteTree(temporary);
      }
    }
  }

  /**
   * Renames {@code staging} to {@code target} atomically. An empty {@code target} folder is
   * removed first; the parent folder is forced to the disk afterwards.
   *
   * @throws InputFileException when {@code target} holds files (naming some), or the rename fails;
   *     {@code staging} is then left in place
   */
  public static void publish(Path staging, Path target) {
    List<String> held = entries(target);
    if (!held.isEmpty()) {
      throw new InputFileException(target + " already holds files (" + String.join(", ", held)
          + "); the new model directory was not moved there");
    }
    try {
      Files.deleteIfExists(target);
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      throw new InputFileException("cannot rename " + staging + " to " + target
          + " in one step (another file system?): " + e.getMessage(), e);
    } catch (IOException e) {
      throw new InputFileException("cannot rename " + staging + " to " + target + ": "
          + e.getMessage(), e);
    }
    forceFolder(target.toAbsolutePath().getParent());
  }

  /**
   * Up to three names of what {@code folder} holds; none when it is empty or does not exist.
   *
   * @throws InputFileException when {@code folder} cannot be listed
   */
  public static List<String> entries(Path folder) {
    if (!Files.isDirectory(folder)) {
      return Files.exists(folder) ? List.of(String.valueOf(folder.getFileName())) : List.of();
    }
    try (Stream<Path> list = Files.list(folder)) {
      return list.map(p -> String.valueOf(p.getFileName())).sorted().limit(3).toList();
    } catch (IOException e) {
      throw new InputFileException("cannot list " + folder + ": " + e.getMessage(), e);
    }
  }

  /** Removes {@code folder} and everything in it, if it exists; best effort. */
  public static void deleteTree(Path folder) {
    if (!Files.exists(folder)) {
      return;
    }
    try {
      Files.walkFileTree(folder, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
            throws IOException {
          Files.deleteIfExists(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException failure)
            throws IOException {
          Files.deleteIfExists(dir);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      // best effort: what stays behind is a hidden temporary folder, never the user's target
    }
  }

  /** Forces a folder's entries (a rename in it) to the disk, where the platform allows it. */
  private static void forceFolder(Path folder) {
    if (folder == null) {
      return;
    }
    try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // not every platform can open a folder; the rename itself is still atomic
    }
  }
}
