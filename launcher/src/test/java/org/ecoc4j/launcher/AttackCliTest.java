package org.ecoc4j.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.ecoc4j.api.backend.Backend;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.backend.TrainedNetwork;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.data.Dataset;
import org.ecoc4j.api.data.DatasetProvider;
import org.ecoc4j.store.CodebookDocument;
import org.ecoc4j.store.ModelDirectory;
import org.ecoc4j.store.ModelDescription;
import org.ecoc4j.store.PluginChoice;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ecoc4j attack} on a lenet trained for one epoch on the bundled Fashion-MNIST sample and
 * saved as a model directory, run in-process.
 */
class AttackCliTest {

  @TempDir static Path work;

  @BeforeAll
  static void trainAndSave() {
    Dataset data = find(DatasetProvider.class, "fashion-mnist").open(Map.of());
    Backend ort = find(Backend.class, "ort");
    int[][] rows = new int[10][10];
    for (int c = 0; c < 10; c++) {
      for (int j = 0; j < 10; j++) {
        rows[c][j] = c == j ? 1 : -1;
      }
    }
    Codebook oneHot = Codebook.of(rows);
    ModelSpec spec = new ModelSpec("lenet", new ImageShape(1, 28, 28), 10, 1);
    try (TrainedNetwork network = ort.train(spec, LossSpec.crossEntropy(10),
        TrainingConfig.adamW(1, 64, 3), data.train(), null, Map.of("progress", "false"))) {
      ModelDescription description = new ModelDescription(spec, "cross-entropy",
          new PluginChoice("correlation-softmax", Map.of()), new PluginChoice("ort", Map.of()),
          new PluginChoice("fashion-mnist", Map.of()), Map.of("epochs", 1, "seed", 3));
      ModelDirectory.write(work.resolve("model"), network, description,
          new CodebookDocument("one-hot", "test", 0, Map.of(), List.of(oneHot)));
    }
  }

  @Test
  void writesTheReportWithProvenance() throws Exception {
    CliResult result = Cli.in(work).run("attack", "--model", "model", "--dataset",
        "fashion-mnist", "--attack", "fgsm,pgd", "--epsilon", "0.3,0", "--samples", "40",
        "--steps", "5", "--objective", "cross-entropy", "--out", "report",
        "-O", "pgd.restarts=2");
    assertEquals(0, result.code(), result::toString);
    assertTrue(result.out().contains("report written to"), result::toString);
    assertTrue(result.err().contains("40/40 samples"), result::toString);
    Path report = work.resolve("report");
    for (String file : List.of("report.json", "report.csv", "robust-accuracy.png",
        "examples.png")) {
      assertTrue(Files.size(report.resolve(file)) > 0, file);
    }
    JsonNode json = new ObjectMapper().readTree(report.resolve("report.json").toFile());
    JsonNode provenance = json.get("provenance");
    assertEquals("pgd", provenance.get("attacks").get(1).get("name").asText());
    assertEquals("2", provenance.get("attacks").get(1).get("options").get("restarts").asText());
    assertEquals("cross-entropy", provenance.get("objective").get("name").asText());
    assertEquals("correlation-softmax", provenance.get("decoder").get("name").asText());
    assertEquals("cpu", provenance.get("backend").get("options").get("device").asText());
    assertTrue(provenance.get("dataset").get("source").asText().contains("bundled"),
        provenance.toString());
    assertEquals(4, json.get("attacks").size());
    double clean = json.get("clean").get("accuracy").asDouble();
    assertTrue(clean > 0.5, "clean accuracy " + clean);
    // correlation-softmax never rejects: its first choice is its decision, nothing is rejected.
    assertEquals(clean, json.get("clean").get("firstChoiceAccuracy").asDouble(), 1e-12);
    assertEquals(1 - clean, json.get("clean").get("undetectableError").asDouble(), 1e-12);
    assertTrue(result.out().startsWith(String.format(java.util.Locale.ROOT,
        "clean accuracy %.4f on 40 samples (first-choice %.4f, undetectable %.4f, rejected"
            + " 0.0000, reliability %.4f)", clean, clean, 1 - clean, clean)), result::toString);
    JsonNode pgdLarge = json.get("attacks").get(3);
    assertEquals(0.3, pgdLarge.get("epsilon").asDouble(), 0);
    assertTrue(pgdLarge.get("accuracy").asDouble() <= 0.1, pgdLarge.toString());
    assertEquals(clean, json.get("attacks").get(2).get("accuracy").asDouble(), 1e-12);
    JsonNode worst = json.get("worstCase");
    assertEquals(2, worst.size());
    for (int e = 0; e < 2; e++) {
      double accuracy = worst.get(e).get("accuracy").asDouble();
      assertTrue(accuracy <= json.get("attacks").get(e).get("accuracy").asDouble(),
          worst::toString);
      assertTrue(accuracy <= json.get("attacks").get(2 + e).get("accuracy").asDouble(),
          worst::toString);
      String line = String.format(java.util.Locale.ROOT, "worst-case,%s,%.4f,",
          worst.get(e).get("epsilon").asDouble(), accuracy);
      assertTrue(result.out().contains("\n" + line), line + " in " + result.out());
    }
    assertEquals(clean, worst.get(0).get("accuracy").asDouble(), 1e-12);
    List<String> csv = Files.readAllLines(report.resolve("report.csv"));
    assertEquals(1 + 1 + 4 + 2, csv.size(), csv::toString);
    assertTrue(csv.get(6).startsWith("worst-case,,0.0,40,"), csv::toString);
    assertTrue(csv.get(7).startsWith("worst-case,,0.3,40,"), csv::toString);
  }

  @Test
  void attackOptionsComeFromConfiguration() throws Exception {
    Files.writeString(work.resolve("ecoc4j.properties"), "ecoc4j.attack.pgd.restarts=3\n");
    CliResult result = Cli.in(work).run("attack", "--config", "ecoc4j.properties", "--model",
        "model", "--dataset", "fashion-mnist", "--attack", "pgd", "--epsilon", "0.1",
        "--samples", "10", "--steps", "2", "--out", "configured");
    assertEquals(0, result.code(), result::toString);
    JsonNode json = new ObjectMapper().readTree(work.resolve("configured/report.json").toFile());
    assertEquals("3",
        json.get("provenance").get("attacks").get(0).get("options").get("restarts").asText());
    assertEquals(2, json.get("provenance").get("budget").get("steps").asInt());
    Files.writeString(work.resolve("bad.properties"), "ecoc4j.attack.pgd.nope=1\n");
    CliResult bad = Cli.in(work).run("attack", "--config", "bad.properties", "--model",
        "model", "--dataset", "fashion-mnist", "--attack", "pgd", "--epsilon", "0.1",
        "--samples", "10");
    assertEquals(2, bad.code(), bad::toString);
    assertTrue(bad.err().contains("nope"), bad::toString);
  }

  @Test
  void targetedAttacksRecordTheirTargetSelection() throws Exception {
    CliResult result = Cli.in(work).run("attack", "--model", "model", "--dataset",
        "fashion-mnist", "--attack", "apgd", "--epsilon", "0.2", "--samples", "20", "--steps",
        "3", "--objective", "dlr-targeted", "--targeted", "--target", "least-likely", "--out",
        "targeted");
    assertEquals(0, result.code(), result::toString);
    JsonNode json = new ObjectMapper().readTree(work.resolve("targeted/report.json").toFile());
    assertEquals("targeted", json.get("goal").asText());
    assertEquals("least-likely", json.get("targets").asText());
    assertEquals("least-likely", json.get("provenance").get("budget").get("targets").asText());
    assertEquals("dlr-targeted", json.get("provenance").get("objective").get("name").asText());
    List<String> csv = Files.readAllLines(work.resolve("targeted/report.csv"));
    assertTrue(csv.get(2).endsWith(",targeted,least-likely"), csv.toString());

    CliResult untargeted = Cli.in(work).run("attack", "--model", "model", "--dataset",
        "fashion-mnist", "--attack", "fgsm", "--epsilon", "0.1", "--target", "random");
    assertEquals(2, untargeted.code(), untargeted::toString);
    assertTrue(untargeted.err().contains("--target needs --targeted"), untargeted::toString);
    CliResult unknown = Cli.in(work).run("attack", "--model", "model", "--dataset",
        "fashion-mnist", "--attack", "fgsm", "--epsilon", "0.1", "--targeted", "--target",
        "furthest");
    assertEquals(2, unknown.code(), unknown::toString);
    assertTrue(unknown.err().contains("next, random, least-likely or top-K with K >= 1, got "
        + "'furthest'"), unknown::toString);
  }

  @Test
  void topTargetsSweepTheMostLikelyOtherClasses() throws Exception {
    CliResult result = Cli.in(work).run("attack", "--model", "model", "--dataset",
        "fashion-mnist", "--attack", "apgd", "--epsilon", "0.1", "--samples", "10", "--steps",
        "2", "--objective", "dlr-targeted", "--targeted", "--target", "top-3", "--out", "top");
    assertEquals(0, result.code(), result::toString);
    assertTrue(result.err().contains("target 3/3"), result::toString);
    JsonNode json = new ObjectMapper().readTree(work.resolve("top/report.json").toFile());
    assertEquals("top-3", json.get("targets").asText());
    assertEquals("top-3", json.get("provenance").get("budget").get("targets").asText());
    assertEquals(json.get("attacks").get(0).get("accuracy"),
        json.get("worstCase").get(0).get("accuracy"));
    List<String> csv = Files.readAllLines(work.resolve("top/report.csv"));
    assertTrue(csv.get(2).endsWith(",targeted,top-3"), csv.toString());
    assertTrue(csv.get(3).startsWith("worst-case,,0.1,10,")
        && csv.get(3).endsWith(",targeted,top-3"), csv.toString());
    assertTrue(result.out().contains("\nworst-case,0.1,"), result::toString);

    CliResult tooMany = Cli.in(work).run("attack", "--model", "model", "--dataset",
        "fashion-mnist", "--attack", "fgsm", "--epsilon", "0.1", "--samples", "10",
        "--targeted", "--target", "top-10");
    assertEquals(1, tooMany.code(), tooMany::toString);
    assertTrue(tooMany.err().contains(
        "target selection 'top-10' needs at least 11 classes, the test data has 10"),
        tooMany::toString);
  }

  @Test
  void badRequestsAreClearErrors() throws Exception {
    CliResult unknown = Cli.in(work).run("attack", "--model", "model", "--dataset",
        "fashion-mnist", "--attack", "nope", "--epsilon", "0.1");
    assertEquals(2, unknown.code(), unknown::toString);
    assertTrue(unknown.err().contains("nope"), unknown::toString);
    CliResult ambiguous = Cli.in(work).run("attack", "--model", "model", "--dataset",
        "fashion-mnist", "--attack", "fgsm,pgd", "--epsilon", "0.1", "-O", "restarts=2");
    assertEquals(2, ambiguous.code(), ambiguous::toString);
    assertTrue(ambiguous.err().contains("prefix it with the attack's name"), ambiguous::toString);
    CliResult missing = Cli.in(work).run("attack", "--model", "no-such-model", "--dataset",
        "fashion-mnist", "--attack", "fgsm", "--epsilon", "0.1");
    assertEquals(1, missing.code(), missing::toString);
    assertTrue(missing.err().contains("no-such-model"), missing::toString);
    Path broken = work.resolve("broken");
    Files.createDirectories(broken);
    Files.writeString(broken.resolve("model.json"), "{\"format\": \"ecoc4j-model/1\"}");
    CliResult corrupt = Cli.in(work).run("attack", "--model", "broken", "--dataset",
        "fashion-mnist", "--attack", "fgsm", "--epsilon", "0.1");
    assertEquals(1, corrupt.code(), corrupt::toString);
    assertTrue(corrupt.err().contains("has no \"input\""), corrupt::toString);
  }

  @Test
  void aBatchLargerThanTheAttackedImagesIsCutToThem() throws Exception {
    CliResult result = Cli.in(work).run("attack", "--model", "model", "--dataset",
        "fashion-mnist", "--attacks", "fgsm", "--epsilons", "0.1", "--samples", "12",
        "--batch-size", "100000000", "--out", "huge-batch");
    assertEquals(0, result.code(), result::toString);
    assertTrue(result.out().contains("on 12 samples"), result::toString);
    JsonNode report =
        new ObjectMapper().readTree(work.resolve("huge-batch/report.json").toFile());
    assertEquals(12, report.at("/provenance/batch").asInt(), report::toString);
  }

  @Test
  void theOldNameOfBatchSizeStillSetsIt() throws Exception {
    CliResult result = Cli.in(work).run("attack", "--model", "model", "--dataset",
        "fashion-mnist", "--attack", "fgsm", "--epsilon", "0.1", "--samples", "12", "--batch",
        "5", "--out", "old-batch-name");
    assertEquals(0, result.code(), result::toString);
    JsonNode report =
        new ObjectMapper().readTree(work.resolve("old-batch-name/report.json").toFile());
    assertEquals(5, report.at("/provenance/batch").asInt(), report::toString);
  }

  @Test
  void aTruncatedCheckpointOrAFileAsTheModelIsAnErrorNamingIt() throws Exception {
    Path truncated = Files.createDirectories(work.resolve("truncated"));
    try (Stream<Path> files = Files.list(work.resolve("model"))) {
      for (Path file : files.toList()) {
        Files.copy(file, truncated.resolve(file.getFileName()));
      }
    }
    Path checkpoint = truncated.resolve("checkpoint.ckpt");
    Files.write(checkpoint, Arrays.copyOf(Files.readAllBytes(checkpoint), 1000));
    CliResult result = Cli.in(work).run("attack", "--model", "truncated", "--dataset",
        "fashion-mnist", "--attacks", "fgsm", "--epsilons", "0.1", "--samples", "10");
    assertEquals(1, result.code(), result::toString);
    assertTrue(result.err().contains("truncated: checkpoint.ckpt is corrupt: it has 1000 bytes,"
        + " manifest.json records"), result::toString);
    Files.delete(truncated.resolve("manifest.json")); // as an older directory: the backend finds it
    CliResult unchecked = Cli.in(work).run("attack", "--model", "truncated", "--dataset",
        "fashion-mnist", "--attacks", "fgsm", "--epsilons", "0.1", "--samples", "10");
    assertEquals(1, unchecked.code(), unchecked::toString);
    assertTrue(unchecked.err().contains("checkpoint " + checkpoint + ": corrupt checkpoint"),
        unchecked::toString);
    CliResult file = Cli.in(work).run("attack", "--model", "truncated/checkpoint.ckpt",
        "--dataset", "fashion-mnist", "--attacks", "fgsm", "--epsilons", "0.1");
    assertEquals(1, file.code(), file::toString);
    assertTrue(file.err().contains("is a file, not a folder"), file::toString);
  }

  @Test
  void aModelWhoseImagesDifferFromTheDatasetsIsAUsageErrorNamingBothShapes() throws Exception {
    copyAs("colour", "ort", "ort");
    Path description = work.resolve("colour").resolve(ModelDirectory.DESCRIPTION);
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = (ObjectNode) json.readTree(description.toFile());
    ((ObjectNode) root.get("input")).put("channels", 3).put("height", 32).put("width", 32);
    json.writeValue(description.toFile(), root);
    CliResult result = Cli.in(work).run("attack", "--model", "colour", "--dataset",
        "fashion-mnist", "--attacks", "fgsm", "--epsilons", "0.1", "--samples", "10",
        "--out", "colour-report");
    assertEquals(2, result.code(), result::toString);
    assertTrue(result.err().contains(
        "model colour takes 3x32x32 images (its model.json), dataset fashion-mnist gives 1x28x28"),
        result::toString);
    assertFalse(Files.exists(work.resolve("colour-report").resolve("report.json")),
        result::toString);
  }

  @Test
  void aStepSizeThatIsNotAPositiveNumberIsAUsageError() {
    for (String size : new String[] {"NaN", "Infinity", "0", "-0.01"}) {
      CliResult result = Cli.in(work).run("attack", "--model", "model", "--dataset",
          "fashion-mnist", "--attacks", "pgd", "--epsilons", "0.1", "--step-size", size);
      assertEquals(2, result.code(), result::toString);
      assertTrue(result.err().contains("--step-size must be positive and finite, got"),
          result::toString);
    }
  }

  /** A copy of the model whose description names another backend and checkpoint format. */
  private static void copyAs(String folder, String backend, String format) throws Exception {
    Path source = work.resolve("model");
    Path target = work.resolve(folder);
    Files.createDirectories(target);
    for (String file : List.of(ModelDirectory.CODEBOOKS, ModelDirectory.CHECKPOINT,
        ModelDirectory.INFERENCE)) {
      Files.copy(source.resolve(file), target.resolve(file));
    }
    ObjectMapper json = new ObjectMapper();
    ObjectNode description =
        (ObjectNode) json.readTree(source.resolve(ModelDirectory.DESCRIPTION).toFile());
    ((ObjectNode) description.get("backend")).put("name", backend);
    ((ObjectNode) description.get("provenance")).put("checkpointFormat", format);
    json.writeValue(target.resolve(ModelDirectory.DESCRIPTION).toFile(), description);
  }

  @Test
  void anotherBackendLoadsTheModelOnlyIfItReadsItsCheckpointFormat() throws Exception {
    copyAs("foreign", "elsewhere", "ort");
    CliResult loads = Cli.in(work).run("attack", "--model", "foreign", "--dataset",
        "fashion-mnist", "--attacks", "fgsm", "--epsilons", "0.1", "--samples", "10",
        "--batch-size", "10", "--out", "foreign-report");
    assertEquals(0, loads.code(), loads::toString);
    JsonNode provenance = new ObjectMapper()
        .readTree(work.resolve("foreign-report/report.json").toFile()).get("provenance");
    assertEquals("ort", provenance.get("backend").get("name").asText());
    assertEquals("elsewhere", provenance.get("model").get("trainedWith").asText());
    assertEquals(10, provenance.get("batch").asInt());

    copyAs("alien", "elsewhere", "elsewhere-format");
    CliResult refused = Cli.in(work).run("attack", "--model", "alien", "--dataset",
        "fashion-mnist", "--attacks", "fgsm", "--epsilons", "0.1", "--samples", "10");
    assertEquals(1, refused.code(), refused::toString);
    assertTrue(refused.err().contains("was trained with backend 'elsewhere', which is not"
        + " installed, and saved as checkpoint format 'elsewhere-format'; backend 'ort' reads"
        + " format 'ort' and cannot load it (installed backends: ort)"), refused::toString);

    CliResult unknown = Cli.in(work).run("attack", "--model", "model", "--dataset",
        "fashion-mnist", "--attacks", "fgsm", "--epsilons", "0.1", "--backend", "nope");
    assertEquals(2, unknown.code(), unknown::toString);
    assertTrue(unknown.err().contains("unknown backend 'nope'; available: ort"),
        unknown::toString);
  }

  @Test
  void aSecondInstalledBackendIsUsedWhenChosenAndRefusedWhereItCannotLoad(
      @TempDir Path plugins) throws Exception {
    PluginJars.testPlugin("second-backend", plugins);
    String folder = plugins.toString();
    CliResult own = Cli.in(work).run("--plugins", folder, "attack", "--model", "model",
        "--dataset", "fashion-mnist", "--attacks", "fgsm", "--epsilons", "0.1", "--samples",
        "10", "--out", "own-report");
    assertEquals(0, own.code(), own::toString);
    CliResult mismatch = Cli.in(work).run("--plugins", folder, "attack", "--model", "model",
        "--dataset", "fashion-mnist", "--attacks", "fgsm", "--epsilons", "0.1", "--backend",
        "second");
    assertEquals(1, mismatch.code(), mismatch::toString);
    assertTrue(mismatch.err().contains("was trained with backend 'ort' and saved as checkpoint"
        + " format 'ort'; backend 'second' reads format 'second' and cannot load it (installed"
        + " backends: ort, second)"), mismatch::toString);

    String[] train = {"--plugins", folder, "train", "--defense", "one-hot", "--architecture",
        "lenet", "--dataset", "fashion-mnist", "--epochs", "1", "--out", "second-model"};
    CliResult chosen = Cli.in(work).run(concat(train, "--backend", "second"));
    assertEquals(1, chosen.code(), chosen::toString);
    assertTrue(chosen.err().contains("backend 'second' was chosen to train {lanes=1}"),
        chosen::toString);
    Files.writeString(work.resolve("second.properties"), "ecoc4j.backend=second\n");
    CliResult configured = Cli.in(work).run(concat(train, "--config", "second.properties"));
    assertEquals(1, configured.code(), configured::toString);
    assertTrue(configured.err().contains("backend 'second' was chosen to train"),
        configured::toString);
    CliResult threads = Cli.in(work).run(concat(train, "--backend", "second", "--threads", "2"));
    assertEquals(2, threads.code(), threads::toString);
    assertTrue(threads.err().contains("unknown option 'threads'; valid options: lanes"),
        threads::toString);
    assertTrue(Files.notExists(work.resolve("second-model")));
  }

  private static String[] concat(String[] first, String... more) {
    String[] all = Arrays.copyOf(first, first.length + more.length);
    System.arraycopy(more, 0, all, first.length, more.length);
    return all;
  }

  private static <T> T find(Class<T> spi, String name) {
    AttackCliTest.class.getModule().addUses(spi);
    return ServiceLoader.load(spi).stream()
        .map(ServiceLoader.Provider::get)
        .filter(p -> ((org.ecoc4j.api.plugin.Plugin) p).name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + spi.getSimpleName() + " " + name));
  }
}
