package org.ecoc4j.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.ecoc4j.launcher.cli.BuildVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real {@code ./ecoc4j} script end to end, from another working directory, when an
 * earlier build left the launcher jar and its module path (it is skipped on a clean build, where
 * the package phase comes after the tests).
 */
class ScriptTest {

  @TempDir Path elsewhere;

  @Test
  void scriptPrintsTheVersionFromAnyWorkingDirectory() throws IOException, InterruptedException {
    Path root = PluginJars.MODULE_DIR.getParent();
    Path script = root.resolve("ecoc4j");
    assumeTrue(Files.isExecutable(script), "no ./ecoc4j script");
    assumeTrue(
        Files.isRegularFile(root.resolve("launcher/target/ecoc4j-launcher.jar"))
            && Files.isDirectory(root.resolve("launcher/target/modules")),
        "the launcher has not been packaged yet");
    ProcessBuilder builder = new ProcessBuilder(script.toString(), "--version");
    builder.directory(elsewhere.toFile());
    builder.environment().put("ECOC4J_NO_BUILD", "1");
    builder.redirectErrorStream(true);
    Process process = builder.start();
    assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the script did not finish in 30 s");
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.exitValue(), output);
    assertTrue(output.startsWith("ecoc4j " + BuildVersion.version()), output);
  }
}
