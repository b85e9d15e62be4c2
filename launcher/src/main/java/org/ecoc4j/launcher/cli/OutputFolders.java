package org.ecoc4j.launcher.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ecoc4j.launcher.LaunchEnvironment;
import org.ecoc4j.store.AtomicFolders;
import org.ecoc4j.store.ImportedGraph;
import org.ecoc4j.store.ModelDirectory;
import org.ecoc4j.store.ModelManifest;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Checks a command's output folder ({@code --out DIR}) before any training or attack runs, so
 * that a wrong choice is a usage error at once rather than a failure after the work, and so that
 * {@code train} never replaces a model directory that is already there.
 */
final class OutputFolders {

  /** The files of a model directory, any of which {@code train} would replace. */
  private static final List<String> MODEL_FILES =
      List.of(ModelDirectory.DESCRIPTION, ModelDirectory.CODEBOOKS, ModelDirectory.CHECKPOINT,
          ModelDirectory.INFERENCE, ImportedGraph.FILE, ModelManifest.FILE);

  private OutputFolders() {}

  /**
   * The folder {@code out} names, resolved against the working directory.
   *
   * @throws ParameterException when {@code out} is empty or names something other than a folder
   */
  static Path writable(CommandSpec spec, LaunchEnvironment environment, Path out) {
    if (out.toString().isBlank()) {
      throw new ParameterException(spec.commandLine(), "--out must name a folder, got ''");
    }
    Path folder = environment.resolve(out);
    if (Files.exists(folder) && !Files.isDirectory(folder)) {
      throw new ParameterException(
          spec.commandLine(), "--out " + out + " is a file, not a folder (" + folder + ")");
    }
    requireWritable(spec, out, folder);
    return folder;
  }

  /**
   * Proves that the folder, or the nearest existing folder above it where it will be created,
   * accepts files, by creating and deleting an empty probe file there (permission bits alone say
   * nothing on a read-only file system or for a privileged user).
   */
  private static void requireWritable(CommandSpec spec, Path out, Path folder) {
    Path existing = folder.toAbsolutePath();
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null || !Files.isDirectory(existing)) {
      throw new ParameterException(spec.commandLine(), "--out " + out + " cannot be created: "
          + existing + " is not a folder");
    }
    try {
      Files.delete(Files.createTempFile(existing, ".ecoc4j-write-check", ".tmp"));
    } catch (IOException e) {
      throw new ParameterException(spec.commandLine(), "--out " + out + " is not writable: "
          + "cannot create a file in " + existing + " (" + e.getClass().getSimpleName() + ": "
          + e.getMessage() + ")");
    }
  }

  /**
   * The folder {@code out} names for a new model directory: as {@link #writable}, and holding no
   * model directory file yet, nor anything else: the model directory is renamed into place in one
   * step at the end ({@link org.ecoc4j.store.AtomicFolders}), which an empty or missing
   * folder allows.
   *
   * @throws ParameterException when {@code out} is empty, is not a folder, already holds a
   *     model or other files
   */
  static Path forNewModel(CommandSpec spec, LaunchEnvironment environment, Path out) {
    Path folder = writable(spec, environment, out);
    if (folder.toAbsolutePath().normalize().getFileName() == null) {
      throw new ParameterException(spec.commandLine(), "--out " + out + " is a file system's"
          + " root; a model directory needs a folder of its own");
    }
    for (String name : MODEL_FILES) {
      if (Files.exists(folder.resolve(name))) {
        throw new ParameterException(
            spec.commandLine(), "--out " + out + " already holds a model (" + name
                + "); choose another folder or remove that model first");
      }
    }
    List<String> held = AtomicFolders.entries(folder);
    if (!held.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "--out " + out + " is not empty ("
          + String.join(", ", held) + "); train writes a new model directory there in one step:"
          + " choose a new or empty folder");
    }
    return folder;
  }
}
