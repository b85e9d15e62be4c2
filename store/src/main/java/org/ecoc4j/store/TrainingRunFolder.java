package org.ecoc4j.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.ecoc4j.api.backend.EpochSummary;
import org.ecoc4j.training.EpochLog;

/**
 * Where a {@code train} run works until its model directory is complete: a hidden sibling of the
 * output folder, {@code .NAME.partial}, renamed to {@code NAME} in one step at the end ({@link
 * #publish}). While training it holds the run's record ({@value #RECORD}, {@link RunRecord}), the
 * checkpoint written after every epoch ({@value #CHECKPOINT}, through the backend's option
 * {@value #CHECKPOINT_OPTION}) and its {@link EpochLog}; a run killed at any point leaves them
 * there, and {@code train --resume} continues from the last complete epoch (the backend's option
 * {@value #RESUME_OPTION}). Before the rename those run files are removed and the model files and
 * manifest written.
 */
public final class TrainingRunFolder {

  /** The backend option naming the file to checkpoint every epoch to. */
  public static final String CHECKPOINT_OPTION = "checkpoint";
  /** The backend option naming the checkpoint a run resumes from. */
  public static final String RESUME_OPTION = "resume-from";
  /** The run's per-epoch checkpoint. */
  public static final String CHECKPOINT = "epoch.ckpt";
  /** The run's record. */
  public static final String RECORD = "run.json";

  private final Path target;
  private final Path folder;

  private TrainingRunFolder(Path target) {
    this.target = target.toAbsolutePath().normalize();
    this.folder = of(this.target);
  }

  /** The run folder of output folder {@code target}. */
  public static Path of(Path target) {
    Path absolute = target.toAbsolutePath().normalize();
    return absolute.resolveSibling("." + absolute.getFileName() + ".partial");
  }

  /** The run folder of output folder {@code target}, which may not exist yet. */
  public static TrainingRunFolder at(Path target) {
    return new TrainingRunFolder(target);
  }

  /** The run folder. */
  public Path folder() {
    return folder;
  }

  /** Whether the run folder exists (a run was started and has not finished). */
  public boolean exists() {
    return Files.isDirectory(folder);
  }

  /** The per-epoch checkpoint (it may not exist yet). */
  public Path checkpoint() {
    return folder.resolve(CHECKPOINT);
  }

  /** Whether at least one epoch was checkpointed. */
  public boolean hasCheckpoint() {
    return Files.isRegularFile(checkpoint());
  }

  /**
   * Every epoch the checkpoint holds, those before earlier resumes included (an epoch logged for a
   * checkpoint that was never renamed into place is not one).
   */
  public List<EpochSummary> epochs() {
    try {
      return EpochLog.confirmed(checkpoint()).stream().map(EpochLog.Entry::summary)
          .toList();
    } catch (RuntimeException e) {
      throw new InputFileException("cannot read the epochs of the run in " + folder + ": "
          + e.getMessage(), e);
    }
  }

  /**
   * Creates the folder and writes {@code record} into it.
   *
   * @throws InputFileException when the folder or record cannot be written
   */
  public void start(RunRecord record) {
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new InputFileException("cannot create " + folder + ": " + e.getMessage(), e);
    }
    write(record);
  }

  /**
   * The run's record.
   *
   * @throws InputFileException when it is missing or malformed
   */
  public RunRecord record() {
    Path file = folder.resolve(RECORD);
    return RunRecord.parse(TextFiles.read(file, "run record"), file);
  }

  /**
   * Replaces the run's record atomically.
   *
   * @throws InputFileException when it cannot be written
   */
  public void write(RunRecord record) {
    Path file = folder.resolve(RECORD);
    Path temporary = folder.resolve(RECORD + ".tmp");
    TextFiles.write(temporary, record.toJson());
    try {
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new InputFileException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Removes the run's own files (record, checkpoint, epoch log, temporary files), leaving what
   * was written for the model directory.
   *
   * @throws InputFileException when one cannot be removed
   */
  public void removeRunFiles() {
    Path log = EpochLog.of(checkpoint());
    for (Path file : List.of(folder.resolve(RECORD), folder.resolve(RECORD + ".tmp"),
        checkpoint(), folder.resolve(CHECKPOINT + ".tmp"), log,
        log.resolveSibling(log.getFileName() + ".tmp"))) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        throw new InputFileException("cannot remove " + file + ": " + e.getMessage(), e);
      }
    }
  }

  /**
   * Renames the run folder to the output folder ({@link AtomicFolders#publish}).
   *
   * @throws InputFileException when the output folder holds files by now, or the rename fails;
   *     the run folder is then left in place
   */
  public void publish() {
    AtomicFolders.publish(folder, target);
  }

  /** Removes the run folder and everything in it; best effort. */
  public void delete() {
    AtomicFolders.deleteTree(folder);
  }
}
