package org.ecoc4j.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.defense.PreparedDefense;
import org.ecoc4j.evaluation.AttackResult;
import org.ecoc4j.evaluation.EvaluationResult;
import org.ecoc4j.evaluation.WorstCaseResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance test at CI size: the quickstart job trains random-binary-ensemble and
 * one-hot on half of the bundled Fashion-MNIST sample, attacks both with the papers' attacks and
 * a small standard suite (10 steps, 2 targets, 100 Square queries), and writes the report and model
 * directories.
 */
class QuickstartIntegrationTest {

  @TempDir static Path out;
  private static Quickstart.Result result;
  private static final List<String> saved = new java.util.ArrayList<>();

  @BeforeAll
  static void run() {
    AttackSuite suite =
        new AttackSuite(List.of("fgsm", "pgd", "mim"), List.of(0.05, 0.1), 10, 200, 100, 1,
            new StandardSuite(10, 2, 100));
    Quickstart.Settings settings =
        new Quickstart.Settings(8, Map.of("subset", "0.5"), suite, "ort", Map.of("threads", "2"), 1);
    result =
        new Quickstart(PluginLookup.builtIn(), System.err)
            .run(out, settings, (folder, trained) -> {
              try {
                Files.createDirectories(folder);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
              trained.network().saveCheckpoint(folder.resolve("net.ckpt"));
              saved.add(trained.design().name());
            });
  }

  @Test
  void theEnsembleMembersHaveDifferentCodebooks() {
    PreparedDefense ensemble = result.designs().get(0);
    assertEquals("random-binary-ensemble", ensemble.name());
    List<Codebook> books = ensemble.codebooks();
    assertEquals(3, books.size());
    for (int a = 0; a < books.size(); a++) {
      for (int b = a + 1; b < books.size(); b++) {
        assertNotEquals(books.get(a), books.get(b), "members " + a + " and " + b);
      }
    }
  }

  @Test
  void cleanAccuracyIsWithinFivePointsOfOneHot() {
    double ensemble = result.reports().get(0).cleanAccuracy();
    double oneHot = result.reports().get(1).cleanAccuracy();
    assertTrue(oneHot > 0.5, "one-hot learned something: " + oneHot);
    assertTrue(Math.abs(ensemble - oneHot) <= 0.05,
        "ensemble " + ensemble + " vs one-hot " + oneHot);
  }

  @Test
  void theReportContainsBothProtocolsForBothDefenses() throws IOException {
    String markdown = Files.readString(result.reportFolder().resolve(ComparisonReport.MARKDOWN));
    for (String defense : Quickstart.DEFENSES) {
      assertTrue(markdown.contains("| " + defense + " |"), defense + " missing from\n" + markdown);
      Path folder = result.reportFolder().resolve(defense);
      JsonNode report = new ObjectMapper().readTree(folder.resolve("report.json").toFile());
      JsonNode provenance = report.get("provenance");
      JsonNode suite = provenance.get("attackSuite");
      assertEquals("[\"papers\",\"standard-v1\"]", suite.get("protocols").toString());
      assertEquals(StandardSuite.NAME, suite.at("/standardSuite/name").asText());
      assertEquals(8, suite.get("runs").size(), provenance::toString);
      assertEquals("fab-t", suite.at("/runs/6/label").asText());
      assertEquals("top-2", suite.at("/runs/6/targets").asText());
      assertEquals(
          "cpu", provenance.at("/backend/options/device").asText(), provenance::toString);
      assertEquals("ort", provenance.at("/backend/name").asText(), provenance::toString);
      assertTrue(provenance.at("/versions/ecoc4j").asText().startsWith("0."), provenance::toString);
      assertEquals(provenance.at("/versions/ecoc4j"), provenance.at("/backend/version"),
          "one way of reading versions");
      assertEquals("pgd", suite.at("/attacks/1/name").asText());
      assertTrue(suite.at("/attacks/1/version").asText().startsWith("0."));
      assertTrue(
          suite.findValues("name").stream().anyMatch(n -> n.asText().equals("fab")),
          provenance::toString);
      assertEquals("0.5", provenance.at("/data/options/subset").asText(), provenance::toString);
      assertEquals(3000, provenance.at("/data/trainSamples").asInt(), "half of 6,000");
      assertEquals(1000, provenance.at("/data/testSamples").asInt());
      assertTrue(Files.size(folder.resolve("robust-accuracy.png")) > 0);
    }
    assertEquals(2, result.table().rows().size());
    assertTrue(markdown.contains("broken first by:"), markdown);
  }

  @Test
  void theTableEndsWithTheWorstCaseOverBothProtocols() {
    ComparisonTable table = result.table();
    EvaluationResult first = result.reports().get(0).result();
    int attacks = first.attacks().size();
    int epsilons = first.worstCase().size();
    int clean = 5;
    assertEquals(1 + clean + attacks + 2 * epsilons, table.header().size(),
        table.header()::toString);
    assertEquals(List.of("defense", "clean", "first-choice", "undetectable", "rejected",
        "reliability"), table.header().subList(0, 1 + clean));
    assertEquals("fgsm 0.05", table.header().get(1 + clean));
    assertEquals("apgd-loss 0.05", table.header().get(1 + clean + 3 * epsilons));
    for (int e = 0; e < epsilons; e++) {
      assertEquals("worst-case " + first.worstCase().get(e).epsilon(),
          table.header().get(1 + clean + attacks + 2 * e));
      assertEquals("rejected " + first.worstCase().get(e).epsilon(),
          table.header().get(2 + clean + attacks + 2 * e));
    }
    int row = 0;
    for (DefenseReport report : result.reports()) {
      EvaluationResult evaluation = report.result();
      List<String> cells = table.rows().get(row++);
      for (int e = 0; e < epsilons; e++) {
        WorstCaseResult worst = evaluation.worstCase().get(e);
        assertEquals(String.format(Locale.ROOT, "%.1f", 100 * worst.metrics().accuracy()),
            cells.get(1 + clean + attacks + 2 * e));
        assertEquals(String.format(Locale.ROOT, "%.1f", 100 * worst.metrics().rejectionRate()),
            cells.get(2 + clean + attacks + 2 * e));
        assertTrue(worst.metrics().accuracy() <= evaluation.clean().accuracy());
        for (AttackResult a : evaluation.attacks()) {
          assertTrue(a.epsilon() != worst.epsilon()
                  || worst.metrics().accuracy() <= a.metrics().accuracy(),
              report.label() + " " + a + " " + worst);
        }
      }
    }
  }

  @Test
  void theEnsembleProvenanceRecordsItsDerivedValues() throws IOException {
    Path folder = result.reportFolder().resolve("random-binary-ensemble");
    JsonNode provenance =
        new ObjectMapper().readTree(folder.resolve("report.json").toFile()).get("provenance");
    JsonNode defense = provenance.get("defense");
    assertEquals("16.0", defense.at("/options/temperature").asText(), provenance::toString);
    assertEquals("64", defense.at("/options/code-length").asText(), provenance::toString);
    assertEquals("[\"code-length\",\"temperature\"]", defense.get("derivedOptions").toString());
    assertEquals("random-binary", defense.at("/codebooks/generator").asText());
    assertEquals("4", defense.at("/codebooks/options/min-distance").asText());
    assertEquals("64", defense.at("/codebooks/options/max-distance").asText());
    assertEquals(2, defense.at("/codebooks/derived").size(), provenance::toString);
    assertEquals("euclidean", provenance.at("/decoder/name").asText());
  }

  @Test
  void everyAttackLowersAccuracy() {
    for (DefenseReport report : result.reports()) {
      EvaluationResult evaluation = report.result();
      for (AttackResult a : evaluation.attacks()) {
        assertTrue(a.metrics().accuracy() < evaluation.clean().accuracy(),
            report.label() + " " + a.attack() + " " + a.epsilon() + " did not lower accuracy");
      }
    }
  }

  @Test
  void everyTrainedDefenseWentToTheSinkBeforeItWasClosed() throws IOException {
    assertEquals(Quickstart.DEFENSES, saved);
    for (String defense : Quickstart.DEFENSES) {
      assertTrue(Files.size(out.resolve("models").resolve(defense).resolve("net.ckpt")) > 0);
    }
  }

  @Test
  void aReloadedCheckpointScoresLikeTheTrainedDefense() {
    AttackSuite fgsm = new AttackSuite(List.of("fgsm"), List.of(0.05), 1, 200, 100, 1);
    try (TrainedDefense loaded = reload(result.designs().get(0).codebooks())) {
      DefenseReport report =
          new ProtocolEvaluator(PluginLookup.builtIn(), null)
              .evaluate(loaded, fgsm, List.of(Protocol.PAPERS));
      assertEquals(result.reports().get(0).cleanAccuracy(), report.cleanAccuracy());
      assertEquals(result.reports().get(0).result().attacks().get(0).metrics(),
          report.result().attacks().get(0).metrics());
    }
  }

  @Test
  void codebooksThatTheDefenseDoesNotDrawAreRefused() {
    List<Codebook> books = result.designs().get(0).codebooks();
    List<Codebook> swapped = List.of(books.get(1), books.get(0), books.get(2));
    UncheckedIOException differs =
        assertThrows(UncheckedIOException.class, () -> reload(swapped).close());
    assertTrue(differs.getMessage().contains("differ"), differs.getMessage());
  }

  private static TrainedDefense reload(List<Codebook> codebooks) {
    TrainingRequest request =
        new TrainingRequest("random-binary-ensemble", Map.of(), "lenet", "ort",
            Map.of("threads", "2"), TrainingConfig.adamW(8, 64, 1), 1);
    return new ModelLoader(PluginLookup.builtIn())
        .load(request, "fashion-mnist", Map.of("subset", "0.5"), codebooks,
            out.resolve("models/random-binary-ensemble/net.ckpt"));
  }
}
