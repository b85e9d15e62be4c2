package org.ecoc4j.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * 2-step attacks, K = 4, N = 8): ERM, Mixup, coded-smoothing plain and with RCI, and
 * coded-smoothing around lenet's conv2 plain and with RCI are measured in that order; only the RCI
 * rows are randomized and coupled, so only they run EOT-PGD, are scored in batches of K (28 of
 * the 30 samples) over the 3 draws asked for ({@code withRescoringDraws}), recorded in the
 * provenance, with the worst case over draws at most the mean; the worst case over attacks is at
 * most every attack; the block rows name the block in their label and their provenance's defense
 * options, the others have none; each checkpoint trained once is deployed twice; the files hold
 * every row; options that set the inference or the block, a blank block and draws below 1 are
 * refused; a block lenet does not declare is refused naming lenet's blocks before any other
 * model trains.
 */
class CodedSmoothingTablesTest {

  private static final Map<String, String> CODED = Map.of("group", "4", "coded", "8");
  private static final int DRAWS = 3;
  private static final String BLOCK = "conv2";

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
        .run(out, settings, CODED, BLOCK);
  }

  private static Quickstart.Settings tinySettings() {
    AttackSuite suite = new AttackSuite(List.of("fgsm"), List.of(0.1), 2, 30, 30, 1);
    return new Quickstart.Settings(1, Map.of("subset", "0.1"), suite, "ort", Map.of(), 1);
  }

  @Test
  void everyModelIsMeasuredAndOnlyRciIsRescoredInCoupledBatches() {
    assertEquals(CodedSmoothingTables.configurations(CODED, BLOCK),
        result.rows().stream().map(CodedSmoothingTables.Row::configuration).toList());
    assertEquals(6, result.rows().size());
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
    assertEquals(2, lines.stream().filter(l -> l.contains("mean over the draws")).count(),
        String.join("\n", lines));
    for (String rci : List.of("coded-smoothing, RCI", "coded-smoothing around conv2, RCI")) {
      assertTrue(lines.stream().anyMatch(l -> l.startsWith(rci + ": figures are the"
          + " worst case over 3 draws (test batches of 4)")), String.join("\n", lines));
    }
    assertTrue(result.text().contains("worst case over 3 permutation draws"), result.text());
    assertTrue(result.rows().get(0).result().clean().accuracy() > 0.3,
        "ERM after one epoch should be above chance");
  }

  @Test
  void theBlockRowsNameTheirBlockInLabelAndProvenance() {
    List<CodedSmoothingTables.Row> rows = result.rows();
    assertEquals(
        List.of("coded-smoothing around conv2, plain", "coded-smoothing around conv2, RCI"),
        rows.subList(4, 6).stream().map(r -> r.configuration().label()).toList());
    for (int i = 0; i < rows.size(); i++) {
      CodedSmoothingTables.Row row = rows.get(i);
      @SuppressWarnings("unchecked")
      Map<String, Object> defense = (Map<String, Object>) row.report().provenance().get("defense");
      @SuppressWarnings("unchecked")
      Map<String, Object> options = (Map<String, Object>) defense.get("options");
      String label = row.configuration().label();
      if (i >= 4) {
        assertEquals("coded-smoothing", defense.get("name"), label);
        assertEquals(BLOCK, options.get("block"), label);
        assertEquals("coded-smoothing-conv2", row.configuration().model());
      } else {
        assertFalse(options.containsKey("block"), label + ": " + options);
        assertFalse(label.contains("around"), label);
      }
      assertEquals(i < 2 ? null : i % 2 == 1 ? "rci" : "plain", options.get("inference"), label);
    }
    assertTrue(result.text().contains("'around' a block codes that lenet block only"),
        result.text());
  }

  @Test
  void eachModelTrainsOnceWithTheBlockModelFirst() {
    List<CodedSmoothingTables.Configuration> order = CodedSmoothingTables.trainingOrder(
        CodedSmoothingTables.configurations(CODED, "head"));
    assertEquals(List.of("coded-smoothing-head", "one-hot", "mixup", "coded-smoothing"),
        order.stream().map(CodedSmoothingTables.Configuration::model).toList());
    for (CodedSmoothingTables.Configuration c : order) {
      assertFalse(c.options().containsKey("inference"), c.label());
    }
  }

  @Test
  void aBlockLenetDoesNotDeclareIsRefusedBeforeAnyModelTrains() {
    Path refused = out.resolve("conv9");
    RuntimeException e = assertThrows(RuntimeException.class,
        () -> new CodedSmoothingTables(PluginLookup.builtIn(), null)
            .run(refused, tinySettings(), CODED, "conv9"));
    assertTrue(e.getMessage().contains("'conv9'")
        && e.getMessage().contains("its blocks: conv1, conv2, head"), e.getMessage());
    assertFalse(Files.exists(refused.resolve("models")), "no model should have been trained");
  }

  @Test
  void theFilesHoldEveryRowAndTheCheckpointIsShared() throws IOException {
    String table = Files.readString(out.resolve(CodedSmoothingTables.MARKDOWN));
    assertEquals(result.text(), table);
    for (CodedSmoothingTables.Configuration c
        : CodedSmoothingTables.configurations(CODED, BLOCK)) {
      assertTrue(table.contains("| " + c.label() + " |"), table);
    }
    assertTrue(table.contains("= PGD"), table);
    List<String> csv = Files.readAllLines(out.resolve(CodedSmoothingTables.CSV));
    // header; per deterministic row clean, fgsm, pgd, worst case; each RCI row adds eot
    assertEquals(1 + 4 * 4 + 2 * 5, csv.size(), String.join("\n", csv));
    try (var models = Files.list(out.resolve("models"))) {
      assertEquals(List.of("coded-smoothing-conv2.ckpt", "coded-smoothing.ckpt", "mixup.ckpt",
          "one-hot.ckpt"), models.map(f -> f.getFileName().toString()).sorted().toList());
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
  void optionsThatSetTheInferenceOrTheBlockAndABlankBlockAreRefused() {
    for (String perRow : List.of("inference", "block")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> new CodedSmoothingTables(PluginLookup.builtIn(), null)
              .run(out.resolve("refused"), tinySettings(), Map.of(perRow, "conv1"), BLOCK));
      assertTrue(e.getMessage().contains("'" + perRow + "'"), e.getMessage());
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new CodedSmoothingTables(PluginLookup.builtIn(), null)
            .run(out.resolve("refused"), tinySettings(), CODED, " "));
    assertTrue(e.getMessage().contains("block") && e.getMessage().contains("blank"),
        e.getMessage());
    assertFalse(Files.exists(out.resolve("refused")));
  }
}
