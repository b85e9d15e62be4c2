package org.ecoc4j.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.launcher.cli.BuildVersion;
import org.ecoc4j.store.CodebookFiles;
import org.ecoc4j.store.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every command, help, version and error path, run in-process with captured out and err. */
class CliCommandsTest {

  @TempDir Path work;

  private CliResult run(String... args) {
    return Cli.in(work).property("user.home", work.resolve("home").toString()).run(args);
  }

  /** One error line, besides the notice naming loaded plugin jars. */
  private static void assertOneErrorLine(CliResult result, int code, String... fragments) {
    assertEquals(code, result.code(), result::toString);
    assertEquals(1, result.err().strip().lines()
        .filter(line -> !line.startsWith("ecoc4j: loaded ")).count(), result::toString);
    for (String fragment : fragments) {
      assertTrue(result.err().contains(fragment), () -> "missing '" + fragment + "' in " + result);
    }
  }

  static Stream<Arguments> commands() {
    return Stream.of(
        Arguments.of(List.of()),
        Arguments.of(List.of("plugins")),
        Arguments.of(List.of("plugins", "list")),
        Arguments.of(List.of("plugins", "show")),
        Arguments.of(List.of("codebook")),
        Arguments.of(List.of("codebook", "generate")),
        Arguments.of(List.of("codebook", "decode")),
        Arguments.of(List.of("data")),
        Arguments.of(List.of("data", "fetch")),
        Arguments.of(List.of("data", "show")),
        Arguments.of(List.of("completion")));
  }

  @ParameterizedTest
  @MethodSource("commands")
  void everyCommandHasHelp(List<String> command) {
    List<String> args = new ArrayList<>(command);
    args.add("--help");
    CliResult result = run(args.toArray(new String[0]));
    assertEquals(0, result.code(), result::toString);
    String usage = String.join(" ", List.of("Usage: ecoc4j", String.join(" ", command))).strip();
    assertTrue(result.out().startsWith(usage), result::toString);
    assertTrue(result.out().contains("--help"), result::toString);
    assertEquals("", result.err());
  }

  @Test
  void versionComesFromTheBuild() {
    String version = BuildVersion.version();
    assertTrue(version.matches("\\d+\\.\\d+\\.\\d+.*"), version);
    CliResult result = run("--version");
    assertEquals(0, result.code(), result::toString);
    assertTrue(result.out().startsWith("ecoc4j " + version + "\n"), result::toString);
    assertEquals(result.out(), run("codebook", "generate", "--version").out());
  }

  @Test
  void missingOrUnknownSubcommandsAreUsageErrors() {
    assertOneErrorLine(run(), 2, "ecoc4j: Missing required subcommand", "--help");
    assertOneErrorLine(run("codebook"), 2, "ecoc4j codebook: Missing required subcommand");
    assertOneErrorLine(run("frobnicate"), 2, "frobnicate");
    assertOneErrorLine(run("plugins", "list", "--bogus"), 2, "--bogus");
  }

  @Test
  void pluginsListShowsBuiltInGeneratorsAsTableAndJson() throws IOException {
    CliResult table = run("plugins", "list");
    assertEquals(0, table.code(), table::toString);
    assertTrue(table.out().startsWith("codebook generators:\n"), table::toString);
    for (String name : List.of("one-hot", "random-binary", "hadamard", "crc")) {
      assertTrue(table.out().contains("  " + name + " "), table::toString);
    }
    JsonNode json = Json.mapper().readTree(run("plugins", "list", "--json").out());
    JsonNode oneHot = null;
    boolean oneHotDefense = false;
    for (JsonNode plugin : json.get("plugins")) {
      if (plugin.get("name").asText().equals("one-hot")) {
        if (plugin.get("spi").asText().equals("defense")) {
          oneHotDefense = true;
        } else {
          oneHot = plugin;
        }
      }
    }
    assertTrue(oneHotDefense, "the one-hot defense shares the generator's name: " + json);
    assertTrue(oneHot != null, json::toString);
    assertEquals("codebook", oneHot.get("spi").asText());
    assertEquals("built-in", oneHot.get("origin").asText());
    assertEquals(BuildVersion.version(), oneHot.get("version").asText());
    assertEquals(0, json.get("problems").size());
  }

  @Test
  void pluginsShowListsEveryOptionWithItsConfigurationKey() {
    CliResult result = run("plugins", "show", "random-binary");
    assertEquals(0, result.code(), result::toString);
    assertTrue(result.out().startsWith("codebook generator random-binary\n"), result::toString);
    assertTrue(result.out().contains("ecoc4j.codebook.random-binary.NAME"), result::toString);
    for (String option : List.of("length", "members", "seed", "min-distance", "sharing")) {
      assertTrue(result.out().contains("\n  " + option + " "), () -> option + " in " + result);
    }
    assertOneErrorLine(run("plugins", "show", "nope"), 2, "unknown plugin 'nope'", "one-hot");
  }

  @Test
  void generatePrintsRowsAndHammingDistances() {
    CliResult result = run("codebook", "generate", "--generator", "one-hot", "--classes", "4");
    assertEquals(0, result.code(), result::toString);
    assertTrue(result.out().contains("4 classes x 4 bits"), result::toString);
    assertTrue(result.out().contains("member 0: Hamming distance min 2, max 2"), result::toString);
    assertTrue(result.out().contains("  class 2: -1 -1 +1 -1\n"), result::toString);
  }

  @Test
  void generateJsonCarriesRowsDistancesAndLinearCode() throws IOException {
    CliResult result =
        run("codebook", "generate", "--generator", "crc", "--classes", "6", "--members", "2", "--json");
    assertEquals(0, result.code(), result::toString);
    JsonNode json = Json.mapper().readTree(result.out());
    assertEquals("crc", json.get("generator").asText());
    assertEquals(2, json.get("codebooks").size());
    Files.writeString(work.resolve("crc.json"), result.out());
    List<Codebook> books = CodebookFiles.read(work.resolve("crc.json"));
    for (int m = 0; m < 2; m++) {
      JsonNode member = json.get("codebooks").get(m);
      Codebook book = books.get(m);
      assertEquals(6, book.classes());
      assertEquals(book.minHammingDistance(), member.get("minHammingDistance").asInt());
      assertEquals(book.maxHammingDistance(), member.get("maxHammingDistance").asInt());
      assertTrue(book.linearCode().isPresent(), "the parity part survives the round trip");
    }
  }

  @Test
  void generateCsvToFileReadsBackLikeJsonAndSeedsAreDeterministic() {
    String[] common = {"codebook", "generate", "--generator", "random-binary", "--classes", "5",
        "--length", "12", "--members", "3", "--seed", "11"};
    CliResult csv = run(concat(common, "--csv", "--out", "out/books.csv"));
    assertEquals(0, csv.code(), csv::toString);
    assertTrue(csv.out().startsWith("wrote 3 codebooks (5 classes x 12 bits) to "), csv::toString);
    assertEquals(0, run(concat(common, "--json", "--out", "books.json")).code());
    List<Codebook> fromCsv = CodebookFiles.read(work.resolve("out/books.csv"));
    List<Codebook> fromJson = CodebookFiles.read(work.resolve("books.json"));
    assertEquals(fromJson, fromCsv);
    assertEquals(run(common).out(), run(common).out());
    String[] otherSeed = common.clone();
    otherSeed[otherSeed.length - 1] = "12";
    assertNotEquals(run(common).out(), run(otherSeed).out());
  }

  @Test
  void badNumbersAndNamesAreUsageErrors() {
    String[] base = {"codebook", "generate", "--generator", "random-binary"};
    assertOneErrorLine(run(concat(base, "--classes", "ten")), 2, "--classes", "ten");
    assertOneErrorLine(run(concat(base, "--classes", "1")), 2, "--classes must be at least 2");
    assertOneErrorLine(run(concat(base, "--classes", "4", "--members", "0")), 2, "member");
    assertOneErrorLine(run(concat(base, "--classes", "4", "--seed", "x")), 2, "--seed");
    assertOneErrorLine(run(concat(base, "--classes", "4", "--length", "-3")), 2, "length");
    assertOneErrorLine(
        run(concat(base, "--classes", "4", "-O", "min-distance=far")), 2, "min-distance", "far");
    assertOneErrorLine(
        run(concat(base, "--classes", "4", "-O", "nope=1")),
        2, "unknown option 'nope'", "valid options: length, members, seed, min-distance");
    assertOneErrorLine(
        run("codebook", "generate", "--generator", "nope", "--classes", "4"),
        2, "unknown codebook generator 'nope'", "one-hot", "random-binary");
    assertOneErrorLine(run("codebook", "generate", "--classes", "4"), 2, "--generator");
    assertOneErrorLine(
        run(concat(base, "--classes", "4", "--json", "--csv")), 2, "mutually exclusive");
  }

  @Test
  void infeasibleRequestsFailWithTheGeneratorsReason() {
    CliResult result =
        run("codebook", "generate", "--generator", "random-binary", "--classes", "10", "--length", "3");
    assertOneErrorLine(result, 1, "ecoc4j codebook generate: ", "too short");
  }

  @Test
  void stackTracesOnlyWithVerbose() {
    String[] args = {"codebook", "generate", "--generator", "random-binary", "--classes", "10",
        "--length", "3"};
    assertTrue(!run(args).err().contains("\tat "));
    CliResult verbose = run(concat(args, "--verbose"));
    assertEquals(1, verbose.code());
    assertTrue(verbose.err().contains("\tat "), verbose::toString);
  }

  @Test
  void decodeReportsMissingAndCorruptFiles() throws IOException {
    PluginJars.example(Files.createDirectories(work.resolve("home/.ecoc4j/plugins")));
    assertEquals(
        0, run("codebook", "generate", "--generator", "one-hot", "--classes", "3", "--json",
            "--out", "books.json").code());
    Files.writeString(work.resolve("outputs.csv"), "1,-1,-1\n");
    Files.writeString(work.resolve("corrupt.json"), "{\"codebooks\": [ {\"rows\": [[1, -1], [1");
    Files.writeString(work.resolve("wide.csv"), "# three outputs expected\n1,-1,-1\n1,-1,-1,1\n");
    Files.writeString(work.resolve("nan.csv"), "1,NaN,-1\n");
    String[] decode = {"codebook", "decode", "--decoder", "example-hamming"};
    assertOneErrorLine(
        run(concat(decode, "--codebook", "missing.json", "--outputs", "outputs.csv")),
        1, work.resolve("missing.json") + " does not exist");
    assertOneErrorLine(
        run(concat(decode, "--codebook", "corrupt.json", "--outputs", "outputs.csv")),
        1, "corrupt.json is not valid JSON");
    assertOneErrorLine(run("codebook", "decode", "--codebook", "books.json"), 2, "--decoder");
    assertOneErrorLine(
        run(concat(decode, "--codebook", "books.json", "--outputs", "missing.csv")),
        1, work.resolve("missing.csv") + " does not exist");
    assertOneErrorLine(
        run(concat(decode, "--codebook", "books.json", "--outputs", "wide.csv")),
        1, "wide.csv line 3: 4 values, expected 3");
    assertOneErrorLine(
        run(concat(decode, "--codebook", "books.json", "--outputs", "nan.csv")),
        1, "nan.csv line 1 column 2: NaN is not finite");
    assertOneErrorLine(
        run("codebook", "decode", "--decoder", "anything", "--codebook", "books.json",
            "--outputs", "outputs.csv"),
        2, "unknown decoder 'anything'", "example-hamming");
    CliResult decoded = run(concat(decode, "--codebook", "books.json", "--outputs", "outputs.csv"));
    assertEquals(0, decoded.code(), decoded::toString);
    assertTrue(decoded.out().startsWith("sample,class,confidence,rejected,reason\n0,0,"), decoded::toString);
  }

  @Test
  void completionPrintsABashScriptForTheWholeTree() {
    CliResult result = run("completion");
    assertEquals(0, result.code(), result::toString);
    assertTrue(result.out().contains("complete -F"), result::toString);
    for (String word : List.of("plugins", "codebook", "generate", "decode", "--generator")) {
      assertTrue(result.out().contains(word), word);
    }
  }

  @Test
  void listOptionsArePluralEverywhere() {
    for (String command : List.of("train", "quickstart", "ablation", "evaluate", "attack")) {
      CliResult help = run(command, "--help");
      assertEquals(0, help.code(), help::toString);
      assertTrue(help.out().contains("--backend=NAME"), help::toString);
    }
    for (String command : List.of("train", "quickstart", "ablation")) {
      assertTrue(run(command, "--help").out().contains("--threads=N"), command);
    }
  }

  /** The synopsis and option list of each command show the new names; the old ones are hidden. */
  static Stream<Arguments> renamedOptions() {
    return Stream.of(
        Arguments.of("attack", List.of("--attacks=NAME", "--epsilons=EPS", "--batch-size=N"),
            List.of("--attack=", "--attack,", "--epsilon=", "--epsilon,", "--batch=", "--batch,")),
        Arguments.of("evaluate", List.of("--attacks=NAME", "--epsilons=EPS"),
            List.of("--attack=", "--attack,", "--epsilon=", "--epsilon,")),
        Arguments.of("train", List.of("--architecture=ZOO-NAME|FILE.onnx"),
            List.of("--model=", "--model,")));
  }

  @ParameterizedTest
  @MethodSource("renamedOptions")
  void helpShowsTheNewNamesOfRenamedOptions(
      String command, List<String> newNames, List<String> oldNames) {
    CliResult help = run(command, "--help");
    assertEquals(0, help.code(), help::toString);
    String synopsis = synopsis(help.out());
    for (String name : newNames) {
      assertTrue(synopsis.contains(name), () -> "synopsis lacks " + name + ":\n" + help);
      assertTrue(help.out().indexOf(name, synopsis.length()) > 0,
          () -> "option list lacks " + name + ":\n" + help);
    }
    for (String name : oldNames) {
      assertFalse(help.out().contains(name), () -> "help shows " + name + ":\n" + help);
    }
  }

  /** The usage lines: the first line and the indented lines that continue it. */
  private static String synopsis(String help) {
    String[] lines = help.split("\n");
    StringBuilder synopsis = new StringBuilder(lines[0]);
    for (int i = 1; i < lines.length && lines[i].startsWith(" "); i++) {
      synopsis.append('\n').append(lines[i]);
    }
    return synopsis.toString();
  }

  @Test
  void completionOffersTheNewNamesOfRenamedOptions() {
    CliResult completion = run("completion");
    for (String word : List.of("'--attacks'", "'--epsilons'", "'--batch-size'",
        "'--architecture'")) {
      assertTrue(completion.out().contains(word), word);
    }
    assertFalse(completion.out().contains("'--attack'"), completion::toString);
    assertFalse(completion.out().contains("'--epsilon'"), completion::toString);
  }

  @Test
  void oldNamesStillWorkAndCollectIntoTheNewOption() {
    String[] attack = {"attack", "--model", "no-model", "--dataset", "fashion-mnist"};
    assertOneErrorLine(run(concat(attack, "--attack", "fgsm", "--epsilon", "0.1", "--attacks",
        "pgd,fgsm")), 2, "--attacks gives fgsm twice");
    assertOneErrorLine(run(concat(attack, "--attack=pgd", "--epsilons", "0.1", "--epsilon",
        "0.2,0.1")), 2, "--epsilons gives 0.1 twice");
    assertOneErrorLine(run(concat(attack, "--attack", "fgsm", "--epsilon", "0.1", "--batch",
        "7")), 1, "model directory", "does not exist");
    assertOneErrorLine(run("evaluate", "--model", "no-model", "--attack", "mim,mim", "--out",
        "r"), 2, "--attacks gives mim twice");
    assertOneErrorLine(run("train", "--defense", "one-hot", "--model", "absent.onnx",
        "--dataset", "fashion-mnist", "--out", "m"), 1,
        "--architecture absent.onnx: ONNX model", "does not exist");
  }

  @Test
  void aMissingRenamedOptionIsNamedByItsNewName() {
    CliResult attack =
        run("attack", "--model", "m", "--dataset", "fashion-mnist", "--epsilon", "0.1");
    assertEquals(2, attack.code(), attack::toString);
    assertTrue(attack.err().contains("Missing required option: '--attacks=NAME'"),
        attack::toString);
    CliResult epsilons = run("attack", "--model", "m", "--dataset", "fashion-mnist", "--attack",
        "fgsm");
    // --epsilons has the dataset's default now: the missing model is what fails.
    assertEquals(1, epsilons.code(), epsilons::toString);
    assertTrue(epsilons.err().contains("does not exist"), epsilons::toString);
    CliResult train = run("train", "--defense", "one-hot", "--dataset", "fashion-mnist", "--out",
        "m");
    assertTrue(train.err().contains("Missing required option: '--architecture="),
        train::toString);
    CliResult noValue = run("attack", "--model", "m", "--dataset", "fashion-mnist", "--epsilons",
        "0.1", "--attack");
    assertTrue(noValue.err().contains("'--attacks'"), noValue::toString);
  }

  static String[] concat(String[] first, String... more) {
    String[] all = new String[first.length + more.length];
    System.arraycopy(first, 0, all, 0, first.length);
    System.arraycopy(more, 0, all, first.length, more.length);
    return all;
  }
}
