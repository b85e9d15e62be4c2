package org.ecoc4j.launcher.cli;

import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Options every command accepts, before or after the subcommand: configuration file, plugins
 * folder and verbosity. One instance per run, shared through Guice.
 */
@Singleton
public final class GlobalOptions {

  @Option(
      names = "--config",
      paramLabel = "FILE",
      scope = ScopeType.INHERIT,
      description = {"Configuration properties file.", "Default: ecoc4j.properties, if present."})
  private Path configFile;

  @Option(
      names = "--plugins",
      paramLabel = "DIR",
      scope = ScopeType.INHERIT,
      description = {"Folder of plugin jars.", "Default: ecoc4j.plugins.dir, else plugins."})
  private Path pluginsFolder;

  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "Print stack traces with errors.")
  private boolean verbose;

  /** The configuration file named with {@code --config}, if any. */
  public Optional<Path> configFile() {
    return Optional.ofNullable(configFile);
  }

  /** The plugins folder named with {@code --plugins}, if any. */
  public Optional<Path> pluginsFolder() {
    return Optional.ofNullable(pluginsFolder);
  }

  /** Whether errors come with stack traces. */
  public boolean verbose() {
    return verbose;
  }
}
