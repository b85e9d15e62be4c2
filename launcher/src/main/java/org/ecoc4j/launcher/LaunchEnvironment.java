package org.ecoc4j.launcher;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the launcher reads from the process it runs in: working directory, environment variables
 * and system properties. Tests pass their own to check configuration precedence in-process.
 *
 * @param workingDirectory where relative paths ({@code ecoc4j.properties}, {@code ./plugins})
 *     are resolved
 * @param environment environment variables
 * @param systemProperties system properties
 */
public record LaunchEnvironment(
    Path workingDirectory, Map<String, String> environment, Map<String, String> systemProperties) {

  /** Makes the working directory absolute and copies the maps. */
  public LaunchEnvironment {
    workingDirectory = workingDirectory.toAbsolutePath().normalize();
    environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
    systemProperties = Map.copyOf(Objects.requireNonNull(systemProperties, "systemProperties"));
  }

  /** The environment of the running process. */
  public static LaunchEnvironment current() {
    return new LaunchEnvironment(Path.of(""), System.getenv(), systemPropertiesNow());
  }

  /** A path given by the user, resolved against the working directory when relative. */
  public Path resolve(Path path) {
    return workingDirectory.resolve(path).normalize();
  }

  private static Map<String, String> systemPropertiesNow() {
    Map<String, String> copy = new HashMap<>();
    System.getProperties().forEach((k, v) -> copy.put(String.valueOf(k), String.valueOf(v)));
    return copy;
  }
}
