package org.ecoc4j.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ecoc4j.store.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plugin options from configuration: ecoc4j.properties (working directory or --config) below
 * environment variables below system properties below the command line.
 */
class ConfigPrecedenceCliTest {

  private static final String[] GENERATE = {
    "codebook", "generate", "--generator", "random-binary", "--classes", "6", "--json"
  };

  @TempDir Path work;

  @BeforeEach
  void propertiesFile() throws IOException {
    Files.writeString(
        work.resolve("ecoc4j.properties"),
        "# the default file\necoc4j.codebook.random-binary.length=20\n"
            + "ecoc4j.codebook.random-binary.sharing=shared\n");
  }

  private JsonNode generate(Cli cli, String... more) throws IOException {
    CliResult result = cli.run(CliCommandsTest.concat(GENERATE, more));
    assertEquals(0, result.code(), result::toString);
    return Json.mapper().readTree(result.out());
  }

  @Test
  void eachSourceOverridesTheOnesBelowIt() throws IOException {
    Path noFile = Files.createDirectories(work.resolve("empty"));
    assertEquals(64, generate(Cli.in(noFile)).get("length").asInt(), "the generator's default");
    assertEquals(20, generate(Cli.in(work)).get("length").asInt(), "ecoc4j.properties");
    Cli withEnv = Cli.in(work).env("ECOC4J_CODEBOOK_RANDOM_BINARY_LENGTH", "24");
    assertEquals(24, generate(withEnv).get("length").asInt(), "environment over file");
    Cli withProperty = withEnv.property("ecoc4j.codebook.random-binary.length", "28");
    assertEquals(28, generate(withProperty).get("length").asInt(), "system property over env");
    assertEquals(32, generate(withProperty, "--length", "32").get("length").asInt(), "--length");
    assertEquals(36, generate(withProperty, "-O", "length=36").get("length").asInt(), "-O");
  }

  @Test
  void pluginOwnOptionsComeFromConfigurationToo() throws IOException {
    JsonNode shared = generate(Cli.in(work), "--members", "2");
    assertEquals("shared", shared.get("options").get("sharing").asText());
    assertEquals("3", shared.get("options").get("min-distance").asText(), "derived: ceil(log2 6)");
    assertEquals("20", shared.get("options").get("max-distance").asText(), "derived: K");
    assertEquals("[\"min-distance\",\"max-distance\"]", shared.get("derived").toString());
    JsonNode given = generate(Cli.in(work), "-O", "min-distance=6");
    assertEquals("6", given.get("options").get("min-distance").asText());
    assertEquals("[\"max-distance\"]", given.get("derived").toString());
    assertEquals(shared.get("codebooks").get(0).get("rows"), shared.get("codebooks").get(1).get("rows"));
    JsonNode independent = generate(Cli.in(work), "--members", "2", "-O", "sharing=independent");
    assertEquals("independent", independent.get("options").get("sharing").asText());
    assertTrue(
        !independent.get("codebooks").get(0).get("rows")
            .equals(independent.get("codebooks").get(1).get("rows")));
  }

  @Test
  void configFileNamedOnTheCommandLineReplacesTheDefaultOne() throws IOException {
    Files.writeString(work.resolve("other.properties"), "ecoc4j.codebook.random-binary.length=14\n");
    assertEquals(14, generate(Cli.in(work), "--config", "other.properties").get("length").asInt());
    CliResult missing = Cli.in(work).run(CliCommandsTest.concat(GENERATE, "--config", "nope.properties"));
    assertEquals(1, missing.code(), missing::toString);
    assertTrue(missing.err().contains(work.resolve("nope.properties") + " does not exist"), missing::toString);
    Files.createDirectories(work.resolve("settings"));
    CliResult folder = Cli.in(work).run(CliCommandsTest.concat(GENERATE, "--config", "settings"));
    assertEquals(1, folder.code(), folder::toString);
    assertTrue(folder.err().contains(work.resolve("settings") + " is a folder, not a properties file"),
        folder::toString);
  }

  @Test
  void unknownOrMalformedOptionsInConfigurationNameTheirSource() throws IOException {
    Files.writeString(
        work.resolve("ecoc4j.properties"), "ecoc4j.codebook.random-binary.lenght=20\n");
    CliResult typo = Cli.in(work).run(GENERATE);
    assertEquals(2, typo.code(), typo::toString);
    assertTrue(typo.err().contains("configuration key ecoc4j.codebook.random-binary.lenght"), typo::toString);
    assertTrue(typo.err().contains(work.resolve("ecoc4j.properties").toString()), typo::toString);
    assertTrue(typo.err().contains("unknown option 'lenght'; valid options: length,"), typo::toString);

    Path noFile = Files.createDirectories(work.resolve("empty"));
    CliResult malformed =
        Cli.in(noFile).env("ECOC4J_CODEBOOK_RANDOM_BINARY_MIN_DISTANCE", "far").run(GENERATE);
    assertEquals(2, malformed.code(), malformed::toString);
    assertTrue(
        malformed.err().contains("environment variable ECOC4J_CODEBOOK_RANDOM_BINARY_MIN_DISTANCE"),
        malformed::toString);
    assertTrue(malformed.err().contains("'min-distance' expects an integer, got 'far'"), malformed::toString);

    CliResult unknownEnv =
        Cli.in(noFile).env("ECOC4J_CODEBOOK_RANDOM_BINARY_COLOUR", "red").run(GENERATE);
    assertEquals(2, unknownEnv.code(), unknownEnv::toString);
    assertTrue(unknownEnv.err().contains("ECOC4J_CODEBOOK_RANDOM_BINARY_COLOUR"), unknownEnv::toString);
    assertTrue(unknownEnv.err().contains("unknown option 'colour'"), unknownEnv::toString);
  }
}
