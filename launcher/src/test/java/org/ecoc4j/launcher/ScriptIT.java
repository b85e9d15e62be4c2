package org.ecoc4j.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ecoc4j.launcher.cli.BuildVersion;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real {@code ./ecoc4j} script end to end, from another working directory, on the
 * launcher jar and module path that the package phase built (an integration test: failsafe runs
 * it after packaging, so it runs in every {@code ./mvnw verify}).
 */
class ScriptIT {

  private static final Path ROOT = PluginJars.MODULE_DIR.getParent();

  @TempDir Path elsewhere;

  @BeforeEach
  void requirePackagedLauncher() {
    assertTrue(Files.isExecutable(ROOT.resolve("ecoc4j")), "no executable ./ecoc4j script");
    assertTrue(
        Files.isRegularFile(ROOT.resolve("launcher/target/ecoc4j-launcher.jar"))
            && Files.isDirectory(ROOT.resolve("launcher/target/modules")),
        "the launcher has not been packaged yet");
  }

  private CliResult script(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(ROOT.resolve("ecoc4j").toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.directory(elsewhere.toFile());
    builder.environment().put("ECOC4J_NO_BUILD", "1");
    builder.redirectError(elsewhere.resolve("err.txt").toFile());
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the script did not finish in 30 s");
    return new CliResult(process.exitValue(), out, Files.readString(elsewhere.resolve("err.txt")));
  }

  @Test
  void scriptPrintsTheVersionFromAnyWorkingDirectory() throws IOException, InterruptedException {
    CliResult result = script("--version");
    assertEquals(0, result.code(), result::toString);
    assertTrue(result.out().startsWith("ecoc4j " + BuildVersion.version()), result::toString);
  }

  @Test
  void scriptPassesOnTheExitCodeAndErrors() throws IOException, InterruptedException {
    CliResult result = script("codebook", "generate", "--generator", "one-hot");
    assertEquals(2, result.code(), result::toString);
    assertEquals("", result.out());
    assertTrue(result.err().startsWith("ecoc4j codebook generate: Missing required option"), result::toString);
  }
}
