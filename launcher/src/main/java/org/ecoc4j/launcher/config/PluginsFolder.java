package org.ecoc4j.launcher.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.ecoc4j.launcher.LaunchEnvironment;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;

/**
 * Decides which folder plugin jars are loaded from: {@code --plugins}, else the configuration key
 * {@value LauncherConfig#PLUGINS_DIR}, else {@code ./plugins}.
 */
public final class PluginsFolder {

  private PluginsFolder() {}

  /**
   * The plugins folder, resolved against the working directory.
   *
   * @param commandLine the folder given with {@code --plugins}, if any
   * @return the folder; empty when the default folder does not exist (no jars to load)
   * @throws IllegalArgumentException if a folder the user named is missing or not a folder
   */
  public static Optional<Path> resolve(
      LaunchEnvironment environment, Optional<Path> commandLine, Config config) {
    if (commandLine.isPresent()) {
      return Optional.of(existing(environment.resolve(commandLine.get()), "--plugins"));
    }
    ConfigValue configured = config.getConfigValue(LauncherConfig.PLUGINS_DIR);
    if (configured.getValue() == null) {
      Path folder = environment.resolve(Path.of(LauncherConfig.DEFAULT_PLUGINS_DIR));
      return Files.isDirectory(folder) ? Optional.of(folder) : Optional.empty();
    }
    return Optional.of(
        existing(
            environment.resolve(Path.of(configured.getValue())),
            "configuration key " + LauncherConfig.PLUGINS_DIR + " from "
                + configured.getSourceName()));
  }

  private static Path existing(Path folder, String source) {
    if (!Files.isDirectory(folder)) {
      throw new IllegalArgumentException(
          "plugins folder " + folder + " (" + source + ") does not exist or is not a folder");
    }
    return folder;
  }
}
