package org.ecoc4j.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.ecoc4j.evaluation.MeanOverDraws;
import org.ecoc4j.evaluation.Metrics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The coded-smoothing table at a tiny scale (1 epoch on a tenth of the sample, 30 attacked images,
 * 2-step attacks, K = 4, N = 8): ERM, Mixup and coded-smoothing plain and with RCI are measured in
 * that order; only RCI is randomized and coupled, so only it runs EOT-PGD, is scored in batches of
 * K (28 of the 30 samples) over the 3 draws asked for ({@code withRescoringDraws}), recorded in
 * the provenance, with the worst case over draws at most the mean; the worst case over attacks is
 * at most every attack; the checkpoint trained once is deployed twice; the files hold every row;
 * options that set the inference and draws below 1 are refused.
 */
class CodedSmoothingTablesTest {

  private static final Map<String, String> CODED = Map.of("group", "4", "coded", "8");
  private static final int DRAWS = 3;

  @TempDir static Path out;
  private static CodedSmoothingTables.Result result;

  @BeforeAll
  static void run() {
    AttackSuite suite = new AttackSuite(List.of("fgsm"), List.of(0.1), 2, 30, 30, 1,
        new StandardSuite(2, 1, 20));
    Quickstart.Settings settings =
        new Quickstart.Settings(1, Map.of("subset", "0.1"), suite, "ort", Map.of("threads", "2"),
            1);
    result = new CodedSmoothingTables(PluginLookup.builtIn(), null).withRescoringDraws(DRAWS)
        .run(out, settings, CODED);
  }

  @Test
  void everyModelIsMeasuredAndOnlyRciIsRescoredInCoupledBatches() {
    assertEquals(CodedSmoothingTables.configurations(CODED),
        result.rows().stream().map(CodedSmoothingTables.Row::configuration).toList());
    for (CodedSmoothingTables.Row row : result.rows()) {
      boolean rci = "rci".equals(row.configuration().options().get("inference"));
      Metrics pgd = row.attack("pgd", 0.1);
      assertNotNull(pgd, row.configuration().label());
      assertNotNull(row.attack("fgsm", 0.1), row.configuration().label());
      assertEquals(rci, row.attack("eot", 0.1) != null, row.configuration().label());
      Metrics worst = row.worstCase(0.1);
      assertTrue(worst.accuracy() <= pgd.accuracy() + 1e-12, row.configuration().label());
      assertTrue(worst.accuracy() <= row.attack("fgsm", 0.1).accuracy() + 1e-12);
      MeanOverDraws draws = row.result().draws();
      @SuppressWarnings("unchecked")
      Map<String, Object> rescoring = (Map<String, Object>) ((Map<String, Object>)
          row.report().provenance().get("attackSuite")).get("rescoring");
      assertEquals(Map.of("coupledBatch", rci ? 4 : 1, "draws", rci ? DRAWS : 1), rescoring,
          row.configuration().label());
      if (rci) {
        assertNotNull(draws);
        assertEquals(4, draws.coupledBatch());
        assertEquals(DRAWS, draws.draws());
        assertEquals(28, row.result().clean().samples());
        assertEquals(28L * draws.draws(), draws.clean().samples());
        assertTrue(row.result().clean().accuracy() <= draws.clean().accuracy() + 1e-12);
        for (String attack : List.of("fgsm", "pgd", "eot")) {
          assertTrue(row.attack(attack, 0.1).accuracy()
              <= row.meanOf(attack, 0.1).accuracy() + 1e-12, attack);
        }
      } else {
        assertNull(draws, row.configuration().label());
        assertEquals(30, row.result().clean().samples());
      }
    }
    List<String> lines = ComparisonTable.of(
        result.rows().stream().map(CodedSmoothingTables.Row::report).toList()).brokenBy();
    assertEquals(1, lines.stream().filter(l -> l.contains("mean over the draws")).count(),
        String.join("\n", lines));
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("coded-smoothing, RCI: figures are the"
        + " worst case over 3 draws (test batches of 4)")), String.join("\n", lines));
    assertTrue(result.text().contains("worst case over 3 permutation draws"), result.text());
    assertTrue(result.rows().get(0).result().clean().accuracy() > 0.3,
        "ERM after one epoch should be above chance");
  }

  @Test
  void theFilesHoldEveryRowAndTheCheckpointIsShared() throws IOException {
    String table = Files.readString(out.resolve(CodedSmoothingTables.MARKDOWN));
    assertEquals(result.text(), table);
    for (CodedSmoothingTables.Configuration c : CodedSmoothingTables.configurations(CODED)) {
      assertTrue(table.contains("| " + c.label() + " |"), table);
    }
    assertTrue(table.contains("= PGD"), table);
    List<String> csv = Files.readAllLines(out.resolve(CodedSmoothingTables.CSV));
    // header; per deterministic row clean, fgsm, pgd, worst case; RCI adds eot
    assertEquals(1 + 3 * 4 + 5, csv.size(), String.join("\n", csv));
    for (String defense : List.of("one-hot", "mixup", "coded-smoothing")) {
      assertTrue(Files.exists(out.resolve("models").resolve(defense + ".ckpt")), defense);
    }
    assertTrue(Files.exists(out.resolve("report").resolve(ComparisonReport.MARKDOWN)));
  }

  @Test
  void drawsBelowOneAreRefusedByName() {
    for (int draws : new int[] {0, -2}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> new ProtocolEvaluator(PluginLookup.builtIn(), null).withRescoringDraws(draws));
      assertTrue(e.getMessage().contains("re-scoring draws") && e.getMessage().contains(
          Integer.toString(draws)), e.getMessage());
      assertThrows(IllegalArgumentException.class,
          () -> new CodedSmoothingTables(PluginLookup.builtIn(), null).withRescoringDraws(draws));
    }
    ProtocolEvaluator evaluator =
        new ProtocolEvaluator(PluginLookup.builtIn(), null).withRescoringDraws(7);
    assertEquals(7, evaluator.rescoringDraws());
    assertEquals(ProtocolEvaluator.RESCORING_DRAWS,
        new ProtocolEvaluator(PluginLookup.builtIn(), null).rescoringDraws());
  }

  @Test
  void optionsThatSetTheInferenceAreRefused() {
    AttackSuite suite = new AttackSuite(List.of("fgsm"), List.of(0.1), 2, 30, 30, 1);
    Quickstart.Settings settings =
        new Quickstart.Settings(1, Map.of(), suite, "ort", Map.of(), 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new CodedSmoothingTables(PluginLookup.builtIn(), null)
            .run(out.resolve("refused"), settings, Map.of("inference", "rci")));
    assertTrue(e.getMessage().contains("inference"), e.getMessage());
  }
}
