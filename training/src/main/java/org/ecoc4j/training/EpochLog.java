package org.ecoc4j.training;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.ecoc4j.api.backend.EpochSummary;
import org.ecoc4j.api.training.TrainingProgress;

/**
 * The per-epoch summaries of a checkpointed run, kept beside its checkpoint ({@link #of}: the
 * checkpoint's name with {@value #SUFFIX}) so that a run resumed after an interruption still
 * knows every epoch since the start, not only those after the resume. {@link TrainingLoop} writes
 * it atomically after every epoch, once the new checkpoint is complete but before it is renamed
 * into place, and carries it over on resume (dropping any epoch past the checkpoint's). The log
 * records the SHA-256 of the checkpoint it was written with, so that a process killed between the
 * two renames leaves a log whose last epoch {@link #confirmed} does not count. One line per epoch:
 * stage, epoch, train loss, train accuracy, test accuracy ({@code NaN} without test data), images
 * per second, validation accuracy ({@code NaN} without a validation split; absent from logs written
 * before it was recorded, which read as {@code NaN}).
 */
public final class EpochLog {

  /** What the log's file name adds to the checkpoint's. */
  public static final String SUFFIX = ".epochs";

  private static final String HEADER =
      "stage epoch trainLoss trainAccuracy testAccuracy imagesPerSecond validationAccuracy";

  /** Starts the line that records the digest of the checkpoint written with the log. */
  private static final String DIGEST = "# checkpoint-sha256 ";

  private EpochLog() {}

  /**
   * One logged epoch.
   *
   * @param stage the 0-based stage it belongs to
   * @param summary its summary
   */
  public record Entry(int stage, EpochSummary summary) {

    /** Refuses a negative stage or a missing summary. */
    public Entry {
      Objects.requireNonNull(summary, "summary");
      if (stage < 0) {
        throw new IllegalArgumentException("stage must be >= 0, got " + stage);
      }
    }
  }

  /** The log file of {@code checkpoint}. */
  public static Path of(Path checkpoint) {
    Path file = checkpoint.toAbsolutePath();
    return file.resolveSibling(file.getFileName() + SUFFIX);
  }

  /**
   * The entries of {@code log}; none when it does not exist.
   *
   * @throws IllegalArgumentException naming the file and line when it is malformed
   * @throws UncheckedIOException when it cannot be read
   */
  public static List<Entry> read(Path log) {
    List<String> lines;
    try {
      lines = Files.readAllLines(log, UTF_8);
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read epoch log " + log, e);
    }
    List<Entry> entries = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith(DIGEST)) {
        continue;
      }
      String[] f = line.split(" ");
      try {
        if (f.length != 6 && f.length != 7) {
          throw new IllegalArgumentException("expected 7 fields, got " + f.length);
        }
        entries.add(new Entry(Integer.parseInt(f[0]), new EpochSummary(Integer.parseInt(f[1]),
            Double.parseDouble(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4]),
            Double.parseDouble(f[5]), f.length == 7 ? Double.parseDouble(f[6]) : Double.NaN)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "epoch log " + log + " line " + (i + 1) + " is malformed: " + e.getMessage(), e);
      }
    }
    return List.copyOf(entries);
  }

  /**
   * The entries of {@code checkpoint}'s log that the checkpoint on disk holds: all of them, less
   * the last when the log was written for a checkpoint that never reached {@code checkpoint} (the
   * process stopped between the log's rename and the checkpoint's), or when the checkpoint is
   * missing. A log without a recorded digest (written before digests were recorded) counts whole.
   *
   * @throws IllegalArgumentException as {@link #read}
   * @throws UncheckedIOException when the log or the checkpoint cannot be read
   */
  public static List<Entry> confirmed(Path checkpoint) {
    Path log = of(checkpoint);
    List<Entry> entries = read(log);
    if (entries.isEmpty()) {
      return entries;
    }
    String recorded = recordedDigest(log);
    if (recorded == null || (Files.exists(checkpoint) && recorded.equals(sha256(checkpoint)))) {
      return entries;
    }
    return entries.subList(0, entries.size() - 1);
  }

  private static String recordedDigest(Path log) {
    try (Stream<String> lines = Files.lines(log, UTF_8)) {
      return lines.map(String::strip).filter(l -> l.startsWith(DIGEST))
          .map(l -> l.substring(DIGEST.length()).strip()).findFirst().orElse(null);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read epoch log " + log, e);
    }
  }

  /** The SHA-256 of {@code file}, in lower-case hexadecimal. */
  static String sha256(Path file) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(OutputStream.nullOutputStream());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** The entries of {@code entries} that a checkpoint at {@code progress} has done. */
  static List<Entry> upTo(List<Entry> entries, TrainingProgress progress) {
    return entries.stream()
        .filter(e -> e.stage() < progress.stage()
            || (e.stage() == progress.stage() && e.summary().epoch() <= progress.epochsDone()))
        .toList();
  }

  /**
   * Writes {@code entries} to {@code log} atomically, recording {@code checkpoint}'s SHA-256: the
   * complete checkpoint of the last entry, not yet renamed into place.
   */
  static void write(Path log, List<Entry> entries, Path checkpoint) {
    StringBuilder text = new StringBuilder(HEADER).append('\n')
        .append(DIGEST).append(sha256(checkpoint)).append('\n');
    for (Entry e : entries) {
      EpochSummary s = e.summary();
      text.append(e.stage()).append(' ').append(s.epoch()).append(' ').append(s.trainLoss())
          .append(' ').append(s.trainAccuracy()).append(' ').append(s.testAccuracy())
          .append(' ').append(s.imagesPerSecond()).append(' ').append(s.validationAccuracy())
          .append('\n');
    }
    AtomicFiles.write(log, file -> {
      // a plain stream, not an interruptible channel: an interrupt (Ctrl-C) that lands while the
      // log is written must not fail the write; the loop stops before the next step instead
      try (FileOutputStream out = new FileOutputStream(file.toFile())) {
        out.write(text.toString().getBytes(UTF_8));
        out.getFD().sync();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write epoch log " + file, e);
      }
    });
  }
}
