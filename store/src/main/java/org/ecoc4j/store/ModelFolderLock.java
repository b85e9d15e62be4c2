package org.ecoc4j.store;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Holds an output folder for one run: a lock file beside it in its parent ({@code .NAME.lock})
 * that is locked with the operating system ({@link FileChannel#tryLock}) for as long as the run
 * lasts and says who holds it (process id, host, start time, command). A second run that asks
 * for the same folder is refused with those details. The operating system releases the lock when
 * the process ends, however it ends, so a stale lock file left by {@code kill -9} is taken over.
 *
 * <p>These are POSIX record locks: closing any descriptor of the lock file in the holding process
 * drops its lock, so the holder never opens the file a second time (its identity is checked
 * through its attributes only), and nothing else in the launcher opens it.
 */
public final class ModelFolderLock implements AutoCloseable {

  private static final int ATTEMPTS = 3;

  /** The lock files this process holds, with their holder text. */
  private static final Map<Path, String> HELD = new ConcurrentHashMap<>();

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;
  private final String holder;

  private ModelFolderLock(Path file, FileChannel channel, FileLock lock, String holder) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
    this.holder = holder;
  }

  /** The lock file of {@code folder}: {@code .NAME.lock} in its parent. */
  public static Path fileOf(Path folder) {
    Path target = folder.toAbsolutePath().normalize();
    return target.resolveSibling("." + target.getFileName() + ".lock");
  }

  /**
   * Locks {@code folder} for this run, creating its parent folders.
   *
   * @param command what runs, for the message another run gets
   * @throws FolderInUseException when another run holds it, naming that run
   * @throws InputFileException when the lock file cannot be created
   */
  public static ModelFolderLock acquire(Path folder, String command) {
    Path file = fileOf(folder);
    String holder = "pid " + ProcessHandle.current().pid() + " on " + host() + ", started "
        + Instant.now().truncatedTo(ChronoUnit.SECONDS) + " (" + command + ", run "
        + UUID.randomUUID().toString().substring(0, 8) + ")";
    String earlier = HELD.putIfAbsent(file, holder);
    if (earlier != null) {
      // held in this process: opening the file here would drop that run's lock
      throw new FolderInUseException(folder, earlier);
    }
    try {
      return lock(folder, file, holder);
    } catch (RuntimeException e) {
      HELD.remove(file, holder);
      throw e;
    }
  }

  private static ModelFolderLock lock(Path folder, Path file, String holder) {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      FileChannel channel = null;
      try {
        Files.createDirectories(file.getParent());
        try {
          Files.createFile(file);
        } catch (FileAlreadyExistsException e) {
          // another run's, or a stale one: the lock decides
        }
        Object before = fileKey(file);
        channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
          lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
          lock = null;
        }
        if (lock == null) {
          channel.close();
          throw new FolderInUseException(folder, holderOf(file));
        }
        // the file may have been removed by its last holder, and created anew, between the
        // check above and the lock: then this lock is on a file nobody else sees; again. (Only
        // file attributes are read here: closing any other descriptor of the file would drop
        // this process's lock.)
        if (before != null && !before.equals(fileKey(file))) {
          lock.release();
          channel.close();
          continue;
        }
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((holder + "\n").getBytes(UTF_8)), 0);
        channel.force(true);
        return new ModelFolderLock(file, channel, lock, holder);
      } catch (NoSuchFileException e) {
        closeQuietly(channel);
      } catch (IOException e) {
        closeQuietly(channel);
        throw new InputFileException("cannot lock " + folder + " with " + file + ": "
            + e.getMessage(), e);
      }
    }
    throw new FolderInUseException(folder, holderOf(file));
  }

  /** Removes the lock file and releases the lock. */
  @Override
  public void close() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // a lock file left behind is unlocked and taken over by the next run
    }
    try {
      lock.release();
    } catch (IOException e) {
      // closing the channel releases it too
    }
    closeQuietly(channel);
    HELD.remove(file, holder);
  }

  /** The file's identity (device and inode where the platform has them), or null. */
  private static Object fileKey(Path file) throws IOException {
    return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
  }

  private static String holderOf(Path file) {
    try {
      String text = Files.readString(file, UTF_8).strip();
      return text.isEmpty() ? "a run that is starting" : text;
    } catch (IOException e) {
      return "another run";
    }
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "this host";
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // nothing more to release
      }
    }
  }

  /** Another run holds the output folder. */
  public static final class FolderInUseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    FolderInUseException(Path folder, String holder) {
      super(folder + " is being written by another run: " + holder
          + "; wait for it to end or choose another folder");
    }
  }
}
