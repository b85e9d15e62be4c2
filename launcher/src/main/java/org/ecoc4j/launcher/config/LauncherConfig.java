package org.ecoc4j.launcher.config;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import org.ecoc4j.launcher.LaunchEnvironment;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Builds the launcher's MicroProfile {@link Config} with SmallRye Config, without CDI.
 *
 * <p>Sources, highest precedence first, as MicroProfile Config orders them by ordinal: system
 * properties (400), environment variables (300, {@code ECOC4J_PLUGINS_DIR} for {@code
 * ecoc4j.plugins.dir}), the properties file (100); below them the defaults (each plugin option's
 * declared default, {@code ~/}{@value #DEFAULT_PLUGINS_DIR} for the plugins folder). The command line
 * overrides all of them where it has an option.
 *
 * <p>A properties file found in the working directory (not named with {@code --config}) cannot set
 * the keys that name code to run ({@link #CODE_KEYS}: the plugins folder, the npm program): a
 * folder received from someone else, opened with {@code cd DIR}, must not choose what runs. Such
 * keys are dropped with a notice that says how to set them.
 */
public final class LauncherConfig {

  /** Name of the properties file looked for in the working directory. */
  public static final String FILE_NAME = "ecoc4j.properties";

  /** Key of the plugins folder. */
  public static final String PLUGINS_DIR = "ecoc4j.plugins.dir";

  /** Key of the npm program that {@code data fetch} runs. */
  public static final String DATA_NPM = "ecoc4j.data.npm";

  /** Keys that name code to run, which a working-directory file cannot set. */
  public static final Set<String> CODE_KEYS = Set.of(PLUGINS_DIR, DATA_NPM);

  /** Default plugins folder, relative to the user's home folder (never the working directory). */
  public static final String DEFAULT_PLUGINS_DIR = ".ecoc4j/plugins";

  /** Source name of the system properties. */
  public static final String SYSTEM_PROPERTIES = "system properties";

  private static final int FILE_ORDINAL = 100;
  private static final int ENVIRONMENT_ORDINAL = 300;
  private static final int SYSTEM_PROPERTIES_ORDINAL = 400;

  private LauncherConfig() {}

  /**
   * Builds the configuration.
   *
   * @param environment environment variables, system properties and working directory
   * @param file the properties file the user named with {@code --config}; when empty, {@value
   *     #FILE_NAME} in the working directory is read if it exists
   * @param notices receives one line per key of {@link #CODE_KEYS} dropped from a working-directory
   *     file
   * @throws ConfigFileException if the named file does not exist or is a folder, or a file cannot
   *     be read
   */
  public static Config build(
      LaunchEnvironment environment, Optional<Path> file, Consumer<String> notices) {
    List<ConfigSource> sources = new ArrayList<>();
    sources.add(
        new PropertiesConfigSource(
            environment.systemProperties(), SYSTEM_PROPERTIES, SYSTEM_PROPERTIES_ORDINAL));
    sources.add(new EnvConfigSource(environment.environment(), ENVIRONMENT_ORDINAL));
    propertiesFile(environment, file, notices).ifPresent(sources::add);
    return new SmallRyeConfigBuilder()
        .addDefaultInterceptors()
        .withSources(sources)
        .build();
  }

  private static Optional<ConfigSource> propertiesFile(
      LaunchEnvironment environment, Optional<Path> named, Consumer<String> notices) {
    Path path;
    if (named.isPresent()) {
      path = environment.resolve(named.get());
      if (Files.isDirectory(path)) {
        throw new ConfigFileException(
            "configuration file " + path + " is a folder, not a properties file");
      }
      if (!Files.isRegularFile(path)) {
        throw new ConfigFileException("configuration file " + path + " does not exist");
      }
    } else {
      path = environment.resolve(Path.of(FILE_NAME));
      if (!Files.isRegularFile(path)) {
        return Optional.empty();
      }
    }
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigFileException(
          "cannot read configuration file " + path + ": " + e.getMessage(), e);
    }
    if (named.isEmpty()) {
      for (String key : CODE_KEYS.stream().sorted().toList()) {
        if (properties.remove(key) != null) {
          notices.accept("ecoc4j: ignored " + key + " in " + path + ": a configuration file found"
              + " in the working directory cannot name code to run; name the file with --config,"
              + " or set the key as a system property or environment variable");
        }
      }
    }
    return Optional.of(new PropertiesConfigSource(properties, path.toString(), FILE_ORDINAL));
  }
}
