package org.ecoc4j.launcher;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Runs the launcher in-process through picocli with captured out and err. */
final class Cli {

  private final Path workingDirectory;
  private final Map<String, String> environment = new HashMap<>();
  private final Map<String, String> systemProperties = new HashMap<>();

  private Cli(Path workingDirectory) {
    this.workingDirectory = workingDirectory;
  }

  /** A launcher whose working directory is {@code directory}, with no environment. */
  static Cli in(Path directory) {
    return new Cli(directory);
  }

  /** Adds an environment variable. */
  Cli env(String name, String value) {
    environment.put(name, value);
    return this;
  }

  /** Adds a system property. */
  Cli property(String name, String value) {
    systemProperties.put(name, value);
    return this;
  }

  /** Runs {@code args} and captures the result. */
  CliResult run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Launcher.run(
            new LaunchEnvironment(workingDirectory, environment, systemProperties),
            new PrintWriter(out),
            new PrintWriter(err),
            args);
    return new CliResult(code, out.toString(), err.toString());
  }
}
