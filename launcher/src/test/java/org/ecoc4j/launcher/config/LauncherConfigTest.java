package org.ecoc4j.launcher.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ecoc4j.launcher.LaunchEnvironment;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where configuration comes from, and what a working-directory file may not set. */
class LauncherConfigTest {

  @TempDir Path work;

  private final List<String> notices = new ArrayList<>();

  private Config build(Optional<Path> named, Map<String, String> environment) throws IOException {
    Files.writeString(work.resolve(LauncherConfig.FILE_NAME),
        "ecoc4j.data.npm=/tmp/their-npm\necoc4j.plugins.dir=their-jars\n"
            + "ecoc4j.backend.ort.threads=3\n");
    return LauncherConfig.build(
        new LaunchEnvironment(work, environment, Map.of()), named, notices::add);
  }

  @Test
  void aWorkingDirectoryFileCannotNameCodeToRunButSetsOtherKeys() throws IOException {
    Config config = build(Optional.empty(), Map.of());
    assertEquals(Optional.empty(), config.getOptionalValue(LauncherConfig.DATA_NPM, String.class));
    assertEquals(Optional.empty(),
        config.getOptionalValue(LauncherConfig.PLUGINS_DIR, String.class));
    assertEquals(Optional.of(3), config.getOptionalValue("ecoc4j.backend.ort.threads", Integer.class));
    assertEquals(2, notices.size(), notices::toString);
    assertTrue(notices.get(0).contains("ignored ecoc4j.data.npm in " + work.resolve("ecoc4j.properties")),
        notices::toString);
    assertTrue(notices.get(1).contains("ignored ecoc4j.plugins.dir")
        && notices.get(1).contains("--config"), notices::toString);
  }

  @Test
  void theSameFileNamedWithConfigIsObeyed() throws IOException {
    Config config = build(Optional.of(Path.of(LauncherConfig.FILE_NAME)), Map.of());
    assertEquals(Optional.of("/tmp/their-npm"),
        config.getOptionalValue(LauncherConfig.DATA_NPM, String.class));
    assertEquals(Optional.of("their-jars"),
        config.getOptionalValue(LauncherConfig.PLUGINS_DIR, String.class));
    assertEquals(List.of(), notices);
  }

  @Test
  void theEnvironmentStillNamesTheProgram() throws IOException {
    Config config = build(Optional.empty(), Map.of("ECOC4J_DATA_NPM", "/usr/bin/npm"));
    assertEquals(Optional.of("/usr/bin/npm"),
        config.getOptionalValue(LauncherConfig.DATA_NPM, String.class));
  }
}
