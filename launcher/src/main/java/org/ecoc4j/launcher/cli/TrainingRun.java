package org.ecoc4j.launcher.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ecoc4j.api.backend.EpochSummary;
import org.ecoc4j.experiments.PluginLookup;
import org.ecoc4j.experiments.TrainedDefense;
import org.ecoc4j.experiments.TrainingRequest;
import org.ecoc4j.store.DefenseModelFiles;
import org.ecoc4j.store.InputFileException;
import org.ecoc4j.store.ModelManifest;
import org.ecoc4j.store.RunRecord;
import org.ecoc4j.store.TrainingRunFolder;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * One {@code train} run into {@code --out}, crash-safe: it works in its {@link TrainingRunFolder}
 * (a checkpoint after every epoch when the backend can keep one), and only a complete model
 * directory with its manifest is renamed to {@code --out}. An interrupted or failed run keeps
 * its last complete epoch there and says how to resume; {@code --resume} continues it when the
 * settings match ({@link RunSettings}), and the model then records every epoch and each resume.
 */
final class TrainingRun {

  private final TrainingRunFolder folder;
  private final String command;
  private final boolean checkpoints;
  private final Path resumeFrom;

  private TrainingRun(TrainingRunFolder folder, String command, boolean checkpoints,
      Path resumeFrom) {
    this.folder = folder;
    this.command = command;
    this.checkpoints = checkpoints;
    this.resumeFrom = resumeFrom;
  }

  /**
   * Starts a run into {@code target}, or resumes the one there.
   *
   * @param out {@code --out} as given, for messages
   * @param command the command line, recorded and shown in messages
   * @param settings the run's settings
   * @param resume whether {@code --resume} was given
   * @param newSettings whether settings other than the fixed ones may differ on resume
   * @param checkpoints whether the backend keeps a checkpoint after every epoch
   * @throws ParameterException when an unfinished run is there and {@code --resume} was not
   *     given, nothing is there to resume, or the settings differ, naming each
   */
  static TrainingRun prepare(CommandSpec spec, Path out, Path target, String command,
      Map<String, String> settings, boolean resume, boolean newSettings, boolean checkpoints) {
    TrainingRunFolder folder = TrainingRunFolder.at(target);
    if (!resume) {
      if (folder.exists() && folder.hasCheckpoint()) {
        throw new ParameterException(spec.commandLine(), "--out " + out + " has an unfinished"
            + " run (" + folder.epochs().size() + " complete epoch(s) in " + folder.folder()
            + "): add --resume to continue it, or remove that folder to start again");
      }
      if (folder.exists() && Files.exists(folder.folder().resolve(ModelManifest.FILE))) {
        throw new ParameterException(spec.commandLine(), "--out " + out + ": a complete model"
            + " that was not moved into place is in " + folder.folder() + ": move it to --out"
            + " yourself, or remove it to train again");
      }
      folder.delete();
      folder.start(new RunRecord(command, settings, List.of()));
      return new TrainingRun(folder, command, checkpoints, null);
    }
    if (!checkpoints) {
      throw new ParameterException(spec.commandLine(), "--resume: the backend keeps no"
          + " checkpoint after each epoch, so there is nothing to resume");
    }
    if (!folder.exists()) {
      throw new ParameterException(spec.commandLine(), "--resume: --out " + out + " has no"
          + " unfinished run to resume (no " + folder.folder() + ")");
    }
    RunRecord record = folder.record();
    Map<String, List<String>> differences = record.differences(settings);
    Map<String, List<String>> fixed = new LinkedHashMap<>();
    differences.forEach((name, values) -> {
      if (RunSettings.isFixed(name)) {
        fixed.put(name, values);
      }
    });
    if (!fixed.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "--resume: the unfinished run in "
          + folder.folder() + " was started with other settings that its checkpoint depends on: "
          + RunSettings.describe(fixed) + "; give the same values (it was started with: "
          + record.command() + ")");
    }
    if (!differences.isEmpty() && !newSettings) {
      throw new ParameterException(spec.commandLine(), "--resume: the unfinished run in "
          + folder.folder() + " was started with other settings: "
          + RunSettings.describe(differences) + "; give the same values, or add"
          + " --resume-with-new-settings to continue with the new ones (it was started with: "
          + record.command() + ")");
    }
    int done = folder.epochs().size();
    folder.write(record.resumed(settings, done,
        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString()));
    return new TrainingRun(folder, command, true,
        folder.hasCheckpoint() ? folder.checkpoint() : null);
  }

  /** The backend options of the run: {@code request}'s, with the checkpoint and resume file. */
  Map<String, String> backendOptions(TrainingRequest request) {
    Map<String, String> options = new LinkedHashMap<>(request.backendOptions());
    options.remove(TrainingRunFolder.CHECKPOINT_OPTION);
    options.remove(TrainingRunFolder.RESUME_OPTION);
    if (checkpoints) {
      options.put(TrainingRunFolder.CHECKPOINT_OPTION, folder.checkpoint().toString());
    }
    if (resumeFrom != null) {
      options.put(TrainingRunFolder.RESUME_OPTION, resumeFrom.toString());
    }
    return options;
  }

  /**
   * Writes the model directory into the run folder and renames it to {@code --out}.
   *
   * @throws InputFileException when a file cannot be written (the run folder is then removed),
   *     or when {@code --out} received files while this run trained (the complete model is then
   *     kept in the run folder, and the message says where)
   */
  void finish(TrainedDefense trained, PluginLookup plugins) {
    List<EpochSummary> history = folder.epochs();
    List<Map<String, Object>> resumes = folder.record().provenance();
    try {
      folder.removeRunFiles();
      DefenseModelFiles.writeInto(folder.folder(), trained, plugins, history, resumes);
    } catch (RuntimeException e) {
      folder.delete();
      throw e;
    }
    try {
      folder.publish();
    } catch (InputFileException e) {
      throw new InputFileException(e.getMessage() + "; the complete model is kept in "
          + folder.folder() + ": move it where you want it", e);
    }
  }

  /** Reports an interrupted run: what was kept and the command that continues it. */
  void interrupted(Console console, String what) {
    console.error("train: " + what.split(";")[0].strip());
    if (checkpoints && folder.hasCheckpoint()) {
      console.error("train: " + folder.epochs().size() + " complete epoch(s) are saved in "
          + folder.folder() + "; to continue, run: " + resumeCommand());
    } else {
      folder.delete();
      console.error("train: no epoch was complete, nothing was saved");
    }
  }

  /**
   * Cleans up after a failure: a run folder with a complete epoch is kept (and the user told how
   * to resume); one without is removed.
   */
  void failed(Console console) {
    if (checkpoints && folder.hasCheckpoint()) {
      console.error("train: " + folder.epochs().size() + " complete epoch(s) are kept in "
          + folder.folder() + "; '" + resumeCommand() + "' continues from there (add"
          + " --resume-with-new-settings to change training settings)");
    } else {
      folder.delete();
    }
  }

  private String resumeCommand() {
    return command.contains(" --resume") ? command : command + " --resume";
  }
}
