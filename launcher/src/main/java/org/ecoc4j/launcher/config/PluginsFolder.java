package org.ecoc4j.launcher.config;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.ecoc4j.launcher.LaunchEnvironment;
import org.ecoc4j.store.Sha256;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;

/**
 * Decides which folder plugin jars are loaded from: {@code --plugins}, else the configuration key
 * {@value LauncherConfig#PLUGINS_DIR}, else the user-level folder {@code ~/}{@value
 * LauncherConfig#DEFAULT_PLUGINS_DIR}. Never implicitly from the working directory: a model
 * folder or checkout received from someone else, opened with {@code cd DIR}, must not run its
 * jars.
 */
public final class PluginsFolder {

  /** The working-directory folder that older versions loaded implicitly. */
  private static final String WORKING_DIRECTORY_PLUGINS = "plugins";

  private PluginsFolder() {}

  /**
   * The plugins folder, resolved against the working directory (the user-level default against
   * the {@code user.home} system property).
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
      return userLevel(environment).filter(Files::isDirectory);
    }
    return Optional.of(
        existing(
            environment.resolve(Path.of(configured.getValue())),
            "configuration key " + LauncherConfig.PLUGINS_DIR + " from "
                + configured.getSourceName()));
  }

  /**
   * A notice when the working directory has a {@code plugins} folder with jars that are not
   * loaded because another folder (or none) was chosen; empty otherwise.
   */
  public static Optional<String> unloadedWorkingDirectoryJars(
      LaunchEnvironment environment, Optional<Path> chosen) {
    Path local = environment.resolve(Path.of(WORKING_DIRECTORY_PLUGINS));
    if (!Files.isDirectory(local)
        || chosen.map(c -> c.toAbsolutePath().normalize())
            .equals(Optional.of(local.toAbsolutePath().normalize()))) {
      return Optional.empty();
    }
    int jars = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(local, "*.jar")) {
      for (Path ignored : files) {
        jars++;
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    if (jars == 0) {
      return Optional.empty();
    }
    return Optional.of("ecoc4j: " + local + " holds " + jars + " jar(s) that are not loaded: plugin"
        + " jars come only from --plugins, " + LauncherConfig.PLUGINS_DIR + " or ~/"
        + LauncherConfig.DEFAULT_PLUGINS_DIR + "; give --plugins ./" + WORKING_DIRECTORY_PLUGINS
        + " to load them");
  }

  /**
   * The notice that names the plugin jars whose code was loaded, each with the first 16 hex digits
   * of its SHA-256, so that a user sees what runs; empty when none was loaded.
   */
  public static Optional<String> loadedJarsNotice(Optional<Path> folder, List<Path> jars) {
    if (jars.isEmpty()) {
      return Optional.empty();
    }
    StringBuilder notice = new StringBuilder("ecoc4j: loaded ").append(jars.size())
        .append(" plugin jar(s) from ").append(folder.map(Path::toString).orElse("?")).append(':');
    for (Path jar : jars) {
      notice.append(' ').append(jar.getFileName()).append(" (sha256 ").append(sha256(jar))
          .append(')');
    }
    return Optional.of(notice.toString());
  }

  private static String sha256(Path jar) {
    try {
      return Sha256.of(jar).substring(0, 16) + "...";
    } catch (IOException e) {
      return "unreadable: " + e.getMessage();
    }
  }

  private static Optional<Path> userLevel(LaunchEnvironment environment) {
    String home = environment.systemProperties().get("user.home");
    return home == null || home.isBlank()
        ? Optional.empty()
        : Optional.of(Path.of(home).resolve(LauncherConfig.DEFAULT_PLUGINS_DIR));
  }

  private static Path existing(Path folder, String source) {
    if (!Files.isDirectory(folder)) {
      throw new IllegalArgumentException(
          "plugins folder " + folder + " (" + source + ") does not exist or is not a folder");
    }
    return folder;
  }
}
