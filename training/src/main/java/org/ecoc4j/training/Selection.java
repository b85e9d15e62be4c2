package org.ecoc4j.training;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import org.ecoc4j.api.backend.EpochSummary;
import org.ecoc4j.api.training.StageNetwork;
import org.ecoc4j.api.training.TrainingEngine;
import org.ecoc4j.api.training.TrainingProgress;

/**
 * Model selection on a validation split over the last stage's epochs: the epoch of the highest
 * validation accuracy (the earliest of equals) is kept as a checkpoint of the backend's format,
 * written atomically each time a better epoch ends: beside the run's checkpoint ({@link #of}: its
 * name with {@value #SUFFIX}, a copy of that epoch's checkpoint), or in a temporary file deleted
 * when the run ends when the run keeps no checkpoint. A resumed run restores the selection from
 * the run's {@link EpochLog} and the kept copy, so it selects what the uninterrupted run selects.
 */
final class Selection {

  /** What the kept copy's file name adds to the run's checkpoint's. */
  static final String SUFFIX = ".best";

  private final TrainingEngine engine;
  private final Path checkpoint;
  private final int stage;
  private final PrintStream progress;
  private Path file;
  private boolean temporary;
  private int epoch;
  private double accuracy = Double.NEGATIVE_INFINITY;

  /**
   * @param checkpoint the run's checkpoint, or null when it keeps none
   * @param stage the last stage, whose epochs are selected among
   * @param progress where the selection is reported, or null
   */
  Selection(TrainingEngine engine, Path checkpoint, int stage, PrintStream progress) {
    this.engine = engine;
    this.checkpoint = checkpoint;
    this.stage = stage;
    this.progress = progress;
  }

  /** The kept copy of the best epoch of the run checkpointed at {@code checkpoint}. */
  static Path of(Path checkpoint) {
    Path f = checkpoint.toAbsolutePath();
    return f.resolveSibling(f.getFileName() + SUFFIX);
  }

  /**
   * Restores the selection of a run resumed from {@code from} inside the last stage: the best of
   * the logged epochs up to {@code at}, whose weights are {@code from} itself or its kept copy.
   *
   * @throws IllegalArgumentException when the best logged epoch's copy is missing or holds
   *     another epoch
   */
  void restore(List<EpochLog.Entry> logged, Path from, TrainingProgress at) {
    for (EpochLog.Entry e : logged) {
      if (e.stage() == stage && e.summary().validationAccuracy() > accuracy) {
        accuracy = e.summary().validationAccuracy();
        epoch = e.summary().epoch();
      }
    }
    if (epoch == 0) {
      return;
    }
    Path source = epoch == at.epochsDone() ? from : of(from);
    if (source != from && (!Files.isRegularFile(source)
        || !engine.progress(source).equals(new TrainingProgress(stage, epoch)))) {
      throw new IllegalArgumentException("the run resumed from " + from + " selected epoch "
          + epoch + " on the validation split, but its kept checkpoint " + source
          + " is missing or holds another epoch");
    }
    Path target = file();
    if (!source.toAbsolutePath().equals(target.toAbsolutePath())) {
      AtomicFiles.write(target, tmp -> copy(source, tmp));
    }
  }

  /** Keeps {@code network} at {@code reached} when {@code summary} is the best epoch so far. */
  void offer(StageNetwork network, TrainingProgress reached, EpochSummary summary) {
    if (!(summary.validationAccuracy() > accuracy)) {
      return;
    }
    accuracy = summary.validationAccuracy();
    epoch = reached.epochsDone();
    if (checkpoint != null) {
      AtomicFiles.write(file(), tmp -> copy(checkpoint, tmp));
    } else {
      AtomicFiles.write(file(), tmp -> network.saveCheckpoint(tmp, reached));
    }
  }

  /** The epoch selected so far, 0 before any. */
  int epoch() {
    return epoch;
  }

  /** The kept checkpoint of the selected epoch. */
  Path file() {
    if (file == null) {
      if (checkpoint != null) {
        file = of(checkpoint);
      } else {
        try {
          file = Files.createTempFile("ecoc4j-best", ".ckpt");
        } catch (IOException e) {
          throw new UncheckedIOException("cannot create a file for the best epoch", e);
        }
        temporary = true;
      }
    }
    return file;
  }

  /** Reports the selected epoch. */
  void report(String stageName) {
    if (progress != null && epoch > 0) {
      progress.println(String.format(Locale.ROOT,
          "selected epoch %d of stage '%s': validation accuracy %.2f%%", epoch, stageName,
          100 * accuracy));
    }
  }

  /** Deletes the temporary copy, if one was made. */
  void cleanUp() {
    if (temporary) {
      try {
        Files.deleteIfExists(file);
        Files.deleteIfExists(file.resolveSibling(file.getFileName() + ".tmp"));
      } catch (IOException e) {
        // a leftover temporary file is harmless
      }
    }
  }

  private static void copy(Path from, Path to) {
    try {
      Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + from + " to " + to, e);
    }
  }
}
