package org.ecoc4j.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Output folders and sizes are checked before any training or attack runs: a wrong {@code --out}
 * or size is a usage error (exit code 2) at once, and {@code train} never replaces a model.
 */
class OutputFolderCliTest {

  @TempDir Path work;

  private CliResult run(String... args) {
    return Cli.in(work).run(args);
  }

  private static void assertUsageError(CliResult result, String... fragments) {
    assertEquals(2, result.code(), result::toString);
    assertEquals(1, result.err().strip().split("\n").length, result::toString);
    for (String fragment : fragments) {
      assertTrue(result.err().contains(fragment), () -> "missing '" + fragment + "' in " + result);
    }
  }

  /** Every command that writes a folder, with arguments that would otherwise start the work. */
  static Stream<List<String>> folderWriters() {
    return Stream.of(
        List.of("train", "--defense", "one-hot", "--architecture", "lenet", "--dataset",
            "fashion-mnist", "--epochs", "1"),
        List.of("attack", "--model", "model", "--dataset", "fashion-mnist", "--attacks", "fgsm",
            "--epsilons", "0.1"),
        List.of("evaluate", "--model", "model"),
        List.of("quickstart"),
        List.of("ablation"),
        List.of("reproduce", "error-detecting"),
        List.of("reproduce", "contrastive"));
  }

  @ParameterizedTest
  @MethodSource("folderWriters")
  void anExistingFileAsTheOutputFolderIsAUsageErrorBeforeAnyWork(List<String> command)
      throws IOException {
    Files.writeString(work.resolve("notes.txt"), "keep me");
    CliResult result = run(Stream.concat(command.stream(), Stream.of("--out", "notes.txt"))
        .toArray(String[]::new));
    assertUsageError(result, "--out notes.txt is a file, not a folder");
    assertEquals("", result.out(), result::toString);
    assertEquals("keep me", Files.readString(work.resolve("notes.txt")));
  }

  @ParameterizedTest
  @MethodSource("folderWriters")
  void anOutputFolderThatCannotBeCreatedIsAUsageErrorBeforeAnyWork(List<String> command)
      throws IOException {
    Files.writeString(work.resolve("notes.txt"), "keep me");
    CliResult result = run(Stream.concat(command.stream(), Stream.of("--out", "notes.txt/run"))
        .toArray(String[]::new));
    assertUsageError(result, "--out notes.txt/run cannot be created:", "is not a folder");
    assertEquals("", result.out(), result::toString);
    assertEquals("keep me", Files.readString(work.resolve("notes.txt")));
  }

  @ParameterizedTest
  @MethodSource("folderWriters")
  void anEmptyOutputFolderIsAUsageError(List<String> command) throws IOException {
    CliResult result =
        run(Stream.concat(command.stream(), Stream.of("--out", "")).toArray(String[]::new));
    assertUsageError(result, "--out must name a folder");
    try (Stream<Path> files = Files.list(work)) {
      assertEquals(0, files.count(), "nothing is written into the working directory");
    }
  }

  @Test
  void trainRefusesAFolderThatAlreadyHoldsAModelAndLeavesItAlone() throws IOException {
    Path model = Files.createDirectories(work.resolve("runs/first"));
    Files.writeString(model.resolve("model.json"), "{\"precious\": true}");
    CliResult result = run("train", "--defense", "one-hot", "--architecture", "lenet",
        "--dataset", "fashion-mnist", "--epochs", "1", "--out", "runs/first");
    assertUsageError(result, "--out runs/first already holds a model (model.json)");
    assertEquals("{\"precious\": true}", Files.readString(model.resolve("model.json")));
    assertFalse(Files.exists(model.resolve("checkpoint.ckpt")));
  }

  @Test
  void trainRefusesAFolderWithOtherFilesAndTheRoot_andQuickstartItsOldModels() throws IOException {
    Path notes = Files.createDirectories(work.resolve("notes"));
    Files.writeString(notes.resolve("todo.txt"), "keep me");
    String[] train = {"train", "--defense", "one-hot", "--architecture", "lenet", "--dataset",
        "fashion-mnist", "--epochs", "1", "--out"};
    assertUsageError(run(concat(train, "notes")), "--out notes is not empty (todo.txt)",
        "choose a new or empty folder");
    assertEquals("keep me", Files.readString(notes.resolve("todo.txt")));
    assertUsageError(run(concat(train, "/")), "--out / is a file system's root");
    Path old = Files.createDirectories(work.resolve("q/models/one-hot"));
    Files.writeString(old.resolve("model.json"), "{}");
    CliResult quickstart = run("quickstart", "--out", "q");
    assertUsageError(quickstart, "--out q already holds quickstart models",
        "holds model.json");
    assertEquals("{}", Files.readString(old.resolve("model.json")));
  }

  @Test
  void trainSizesAreCheckedByOptionName() {
    String[] base = {"train", "--defense", "one-hot", "--architecture", "lenet", "--dataset",
        "fashion-mnist", "--out", "m"};
    assertUsageError(run(concat(base, "--learning-rate", "NaN")),
        "--learning-rate must be positive and finite, got NaN");
    assertUsageError(run(concat(base, "--learning-rate", "Infinity")), "--learning-rate");
    assertUsageError(run(concat(base, "--epochs", "0")), "--epochs must be positive, got 0");
    assertUsageError(run(concat(base, "--batch-size", "-1")),
        "--batch-size must be positive, got -1");
    assertFalse(Files.exists(work.resolve("m")));
  }

  @Test
  void experimentSizesAndEvaluateRadiiAreUsageErrorsBeforeAnyWork() {
    assertUsageError(run("quickstart", "--epochs", "0"), "--epochs must be positive, got 0");
    assertUsageError(run("ablation", "--samples", "0"), "--samples must be positive, got 0");
    assertUsageError(run("quickstart", "--steps", "-3"), "--steps must be positive, got -3");
    assertUsageError(run("reproduce", "error-detecting", "--ood-samples", "0"),
        "--ood-samples must be positive, got 0");
    assertUsageError(run("reproduce", "error-detecting", "--epochs", "0"),
        "--epochs must be positive, got 0");
    assertUsageError(run("reproduce", "contrastive", "--code-length", "0"),
        "--code-length must be positive, got 0");
    assertUsageError(run("reproduce", "contrastive", "--radius", "2"),
        "--radius must be at most 1");
    assertUsageError(run("reproduce"), "Missing required subcommand");
    CliResult radius = run("evaluate", "--model", "no-model", "--epsilons", "NaN", "--out", "r");
    assertUsageError(radius, "epsilon must be finite and >= 0, got NaN");
  }

  @Test
  void aListThatGivesAValueTwiceIsAUsageErrorNamingItBeforeAnyWork() {
    String[] attack = {"attack", "--model", "model", "--dataset", "fashion-mnist", "--out", "r"};
    assertUsageError(run(concat(attack, "--attacks", "fgsm,pgd,fgsm", "--epsilons", "0.1")),
        "--attacks gives fgsm twice");
    assertUsageError(run(concat(attack, "--attacks", "fgsm, fgsm", "--epsilons", "0.1")),
        "--attacks gives fgsm twice");
    assertUsageError(run(concat(attack, "--attacks", "fgsm", "--epsilons", "0.1,0.3,0.10")),
        "--epsilons gives 0.1 twice");
    assertUsageError(run(concat(attack, "--attacks", "fgsm", "--epsilons", "0,-0")),
        "--epsilons gives 0.0 twice");
    String[] evaluate = {"evaluate", "--model", "model", "--out", "r"};
    assertUsageError(run(concat(evaluate, "--attacks", "pgd,pgd")), "--attacks gives pgd twice");
    assertUsageError(run(concat(evaluate, "--epsilons", "0.05,0.05")),
        "--epsilons gives 0.05 twice");
    assertFalse(Files.exists(work.resolve("r")));
  }

  @Test
  void zeroThreadsIsAUsageErrorBeforeAnyOutput() {
    for (String command : List.of("quickstart", "ablation")) {
      CliResult result = run(command, "--threads", "0", "--out", "x");
      assertUsageError(result, "--threads must be positive, got 0");
      assertEquals("", result.out(), result::toString);
    }
    CliResult train = run("train", "--defense", "one-hot", "--architecture", "lenet",
        "--dataset", "fashion-mnist", "--threads", "-2", "--out", "x");
    assertUsageError(train, "--threads must be positive, got -2");
    assertFalse(Files.exists(work.resolve("x")));
  }

  private static String[] concat(String[] base, String... more) {
    return Stream.concat(Stream.of(base), Stream.of(more)).toArray(String[]::new);
  }
}
