package org.ecoc4j.launcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.store.CodebookFiles;
import org.ecoc4j.store.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plugin jars dropped into a plugins folder, used through the CLI: the example third-party plugin,
 * two jars with the same package (an explicit and an automatic module), broken jars and a
 * duplicate name.
 */
class PluginJarsCliTest {

  @TempDir static Path jars;
  @TempDir Path work;

  static Path example;
  static Path alpha;
  static Path beta;
  static Path duplicate;
  static Path failing;
  static Path missingRequires;
  static Path invalidName;
  static Path noProviders;
  static Path exhausting;

  @BeforeAll
  static void buildJars() {
    example = PluginJars.example(jars);
    alpha = PluginJars.testPlugin("alpha", jars);
    beta = PluginJars.testPlugin("beta", jars);
    duplicate = PluginJars.testPlugin("duplicate", jars);
    failing = PluginJars.testPlugin("failing-provider", jars);
    missingRequires = PluginJars.testPlugin("missing-requires", jars.resolve("needs"), alpha);
    invalidName = PluginJars.testPlugin("invalid-name", jars);
    noProviders = PluginJars.testPlugin("no-providers", jars);
    exhausting = PluginJars.testPlugin("exhausting", jars);
  }

  /** The launcher in {@code work}, with {@code work/home} as the user's home folder. */
  private Cli cli() {
    return Cli.in(work).property("user.home", work.resolve("home").toString());
  }

  private Path pluginsWith(Path... jarsToDrop) throws IOException {
    Path folder = Files.createDirectories(work.resolve("home/.ecoc4j/plugins"));
    for (Path jar : jarsToDrop) {
      Files.copy(jar, folder.resolve(jar.getFileName()));
    }
    return folder;
  }

  @Test
  void examplePluginIsListedWithOriginAndVersion() throws IOException {
    Path folder = pluginsWith(example);
    CliResult result = cli().run("plugins", "list", "--json");
    assertEquals(0, result.code(), result::toString);
    JsonNode plugins = Json.mapper().readTree(result.out()).get("plugins");
    List<String> seen = new ArrayList<>();
    for (JsonNode plugin : plugins) {
      if (plugin.get("origin").asText().endsWith("ecoc4j-plugin-example.jar")) {
        seen.add(plugin.get("spi").asText() + ":" + plugin.get("name").asText());
        assertEquals("0.1.0-SNAPSHOT", plugin.get("version").asText());
        assertEquals(
            folder.resolve("ecoc4j-plugin-example.jar").toString(), plugin.get("origin").asText());
      }
    }
    assertEquals(List.of("codebook:example-repetition", "decoder:example-hamming"), seen);
    assertTrue(result.err().matches("ecoc4j: loaded 1 plugin jar\\(s\\) from "
        + java.util.regex.Pattern.quote(folder.toString())
        + ": ecoc4j-plugin-example\\.jar \\(sha256 [0-9a-f]{16}\\.\\.\\.\\)\n"),
        result::toString);
  }

  @Test
  void examplePluginGeneratesAndDecodesThroughTheCli() throws IOException {
    pluginsWith(example);
    CliResult generated =
        cli().run(
            "codebook", "generate", "--generator", "example-repetition", "--classes", "5",
            "--length", "9", "--members", "2", "--seed", "7", "--json", "--out", "books.json");
    assertEquals(0, generated.code(), generated::toString);
    assertTrue(generated.out().contains("wrote 2 codebooks (5 classes x 9 bits)"), generated::toString);
    List<Codebook> books = CodebookFiles.read(work.resolve("books.json"));
    assertEquals(2, books.size());
    // 5 classes need 3 digits, each repeated 3 times in 9 bits: distance at least 3.
    assertTrue(books.get(0).minHammingDistance() >= 3, books.get(0)::toString);

    // Outputs: for each class its two members' codewords scaled, with one flipped bit per member.
    StringBuilder csv = new StringBuilder("# member 0 then member 1\n");
    for (int c = 0; c < 5; c++) {
      List<String> cells = new ArrayList<>();
      for (Codebook book : books) {
        int[] row = book.row(c);
        row[c % 9] = -row[c % 9];
        for (int bit : row) {
          cells.add(String.valueOf(0.8f * bit));
        }
      }
      csv.append(String.join(",", cells)).append('\n');
    }
    Files.writeString(work.resolve("outputs.csv"), csv);
    CliResult decoded =
        cli().run(
            "codebook", "decode", "--codebook", "books.json", "--decoder", "example-hamming",
            "--outputs", "outputs.csv", "--json");
    assertEquals(0, decoded.code(), decoded::toString);
    JsonNode decisions = Json.mapper().readTree(decoded.out()).get("decisions");
    int[] labels = new int[decisions.size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = decisions.get(i).get("class").asInt();
      assertTrue(!decisions.get(i).get("rejected").asBoolean());
    }
    assertArrayEquals(new int[] {0, 1, 2, 3, 4}, labels);

    CliResult rejecting =
        cli().run(
            "codebook", "decode", "--codebook", "books.json", "--decoder", "example-hamming",
            "--outputs", "outputs.csv", "-O", "max-errors=1");
    assertEquals(0, rejecting.code(), rejecting::toString);
    String[] lines = rejecting.out().strip().split("\n");
    assertEquals("sample,class,confidence,rejected,reason", lines[0]);
    for (int i = 1; i < lines.length; i++) {
      assertTrue(lines[i].endsWith(",true,TOO_MANY_ERRORS"), rejecting::toString);
    }
  }

  @Test
  void twoJarsWithTheSamePackageBothLoadAndRun() throws IOException {
    pluginsWith(alpha, beta);
    CliResult list = cli().run("plugins", "list");
    assertEquals(0, list.code(), list::toString);
    assertTrue(list.out().contains("acme-alpha"), list::toString);
    assertTrue(list.out().contains("acme-beta"), list::toString);

    CliResult fromAlpha =
        cli().run("codebook", "generate", "--generator", "acme-alpha", "--classes", "3", "--csv");
    assertEquals(0, fromAlpha.code(), fromAlpha::toString);
    assertTrue(fromAlpha.out().contains("0,0,1,-1,-1"), fromAlpha::toString);

    CliResult fromBeta =
        cli().run(
            "codebook", "generate", "--generator", "acme-beta", "--classes", "2", "--length", "3",
            "-O", "offset=2", "--csv");
    assertEquals(0, fromBeta.code(), fromBeta::toString);
    // class 0 + offset 2 = binary 010 read from bit 0 up: -1,+1,-1
    assertTrue(fromBeta.out().contains("0,0,-1,1,-1"), fromBeta::toString);
  }

  @Test
  void brokenJarsAreReportedAndTheOthersStillLoad() throws IOException {
    Path folder = pluginsWith(example, failing, missingRequires, invalidName, noProviders);
    Files.writeString(folder.resolve("garbage.jar"), "this is not a zip file");
    CliResult result = cli().run("plugins", "list");
    assertEquals(0, result.code(), result::toString);
    assertTrue(result.out().contains("example-repetition"), result::toString);
    String[] errors = result.err().strip().split("\n");
    assertEquals(6, errors.length, result::toString);
    assertTrue(errors[0].startsWith("ecoc4j: loaded 1 plugin jar(s) from " + folder
        + ": ecoc4j-plugin-example.jar (sha256 "), result::toString);
    assertTrue(
        result.err().contains("plugin jar " + folder.resolve("invalid-name.jar"))
            && result.err().contains("invalid name 'Shouty Name'"),
        result::toString);
    assertTrue(
        result.err().contains("plugin jar " + folder.resolve("no-providers.jar"))
            && result.err().contains("provides no ecoc4j plugin"),
        result::toString);
    assertTrue(
        result.err().contains("plugin jar " + folder.resolve("failing-provider.jar")
            + " could not be loaded: ")
            && result.err().contains("licence check failed"),
        result::toString);
    assertTrue(
        result.err().contains("plugin jar " + folder.resolve("missing-requires.jar"))
            && result.err().contains("test.alpha"),
        result::toString);
    assertTrue(result.err().contains("plugin jar " + folder.resolve("garbage.jar")), result::toString);

    CliResult stillWorks =
        cli().run("codebook", "generate", "--generator", "example-repetition", "--classes", "2");
    assertEquals(0, stillWorks.code(), stillWorks::toString);
  }

  @Test
  void runningOutOfMemoryIsOneLineWithExitCodeOneNotAStackTrace() throws IOException {
    pluginsWith(exhausting);
    CliResult result =
        cli().run("codebook", "generate", "--generator", "exhausting", "--classes", "4");
    assertEquals(1, result.code(), result::toString);
    String[] lines = result.err().strip().split("\n");
    assertEquals(2, lines.length, result::toString);
    assertTrue(lines[0].startsWith("ecoc4j: loaded 1 plugin jar(s)"), result::toString);
    assertTrue(lines[1].startsWith("ecoc4j: out of memory (Java heap space)"), result::toString);
    assertTrue(result.err().contains("JAVA_OPTS=-Xmx"), result::toString);
  }

  @Test
  void duplicateNamesAreAnErrorNamingBothJars() throws IOException {
    Path folder = pluginsWith(alpha, duplicate);
    CliResult result = cli().run("plugins", "list");
    assertEquals(1, result.code(), result::toString);
    assertTrue(result.err().contains("duplicate codebook generator name 'acme-alpha'"), result::toString);
    assertTrue(result.err().contains(folder.resolve("alpha.jar").toString()), result::toString);
    assertTrue(result.err().contains(folder.resolve("duplicate.jar").toString()), result::toString);
    assertEquals(1, result.err().strip().split("\n").length, result::toString);
  }

  @Test
  void pluginsFolderComesFromTheCommandLineOrConfiguration() throws IOException {
    Path elsewhere = Files.createDirectories(work.resolve("elsewhere"));
    Files.copy(beta, elsewhere.resolve("beta.jar"));
    assertTrue(
        cli().run("--plugins", "elsewhere", "plugins", "show", "acme-beta").out()
            .contains("codebook generator acme-beta"));
    assertTrue(
        cli().run("plugins", "show", "acme-beta", "--plugins", elsewhere.toString()).out()
            .contains("codebook generator acme-beta"));
    assertTrue(
        cli().env("ECOC4J_PLUGINS_DIR", "elsewhere").run("plugins", "show", "acme-beta")
            .out().contains("codebook generator acme-beta"));
    CliResult missing = cli().property("ecoc4j.plugins.dir", "nowhere").run("plugins", "list");
    assertEquals(1, missing.code(), missing::toString);
    assertTrue(missing.err().contains(work.resolve("nowhere").toString()), missing::toString);
    assertTrue(missing.err().contains("ecoc4j.plugins.dir"), missing::toString);
  }

  @Test
  void jarsInTheWorkingDirectoryAreNeverLoadedImplicitlyAndTheUserIsTold() throws IOException {
    Path local = Files.createDirectories(work.resolve("plugins"));
    Files.copy(beta, local.resolve("beta.jar"));
    CliResult implicit = cli().run("plugins", "show", "acme-beta");
    assertEquals(2, implicit.code(), implicit::toString);
    assertTrue(implicit.err().contains(local + " holds 1 jar(s) that are not loaded"),
        implicit::toString);
    assertTrue(implicit.err().contains("give --plugins ./plugins to load them"), implicit::toString);
    CliResult chosen = cli().run("--plugins", "./plugins", "plugins", "show", "acme-beta");
    assertEquals(0, chosen.code(), chosen::toString);
    assertTrue(chosen.out().contains("codebook generator acme-beta"), chosen::toString);
    assertTrue(!chosen.err().contains("not loaded"), chosen::toString);
  }
}
