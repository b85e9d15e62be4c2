package org.ecoc4j.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.ecoc4j.api.codebook.CodeTable;
import org.ecoc4j.api.data.DatasetProvider;
import org.ecoc4j.api.data.Split;
import org.ecoc4j.evaluation.AttackResult;
import org.ecoc4j.evaluation.Metrics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contrastive Table 4 job at a tiny scale (1 epoch a stage on a tenth of the sample, code
 * length 8, 30 attacked images, 2-step PGD): the five models are trained and measured under both
 * protocols, acl-tfc trains against the table acl-cfpc learned, the worst case is no better than
 * any attack, the files hold one row per model, the comparison table's minimal-perturbation
 * lines give each attack's median L2, and Standard, SimCLR and acl-tfc train on the part of the
 * training split the acl models train on (without the generation split).
 */
class ContrastiveTablesTest {

  @TempDir static Path out;
  private static ContrastiveTables.Result result;

  @BeforeAll
  static void run() {
    AttackSuite suite = new AttackSuite(List.of("mim"), List.of(0.05, 0.1), 2, 30, 30, 1);
    // the job replaces the suite's attacks by Table 4's and keeps its first epsilon
    Quickstart.Settings settings =
        new Quickstart.Settings(1, Map.of("subset", "0.1"), suite, "ort",
            Map.of("threads", "2", "progress", "false"), 1);
    result = new ContrastiveTables(PluginLookup.builtIn(), null).run(out, settings, 8);
  }

  @Test
  void everyModelIsMeasuredUnderBothProtocolsAtTheSuitesFirstEpsilon() {
    assertEquals(List.of("Standard", "SimCLR", "ACL-PF", "ACL-CFPC", "ACL-TFC"),
        result.rows().stream().map(r -> r.configuration().model()).toList());
    assertEquals(0.05, result.epsilon());
    for (ContrastiveTables.Row row : result.rows()) {
      List<Metrics> attacked = List.of(row.papersFgsm(), row.papersPgd(), row.adaptiveFgsm(),
          row.adaptivePgd());
      assertEquals(30, row.clean().samples());
      for (Metrics m : attacked) {
        assertEquals(30, m.samples());
        assertTrue(row.worstCase().accuracy() <= m.accuracy(), row.configuration()::toString);
      }
      assertTrue(row.worstCase().accuracy() <= row.clean().accuracy());
      List<String> names = row.report().result().attacks().stream().map(a -> a.attack()).toList();
      assertEquals(List.of("fgsm", "pgd", "fgsm-margin", "pgd-margin"), names,
          "every model's adaptive objective is the margin on its class scores");
    }
  }

  @Test
  void aclTfcTrainsAgainstTheTableAclCfpcLearned() throws IOException {
    Path table = out.resolve(ContrastiveTables.CODES).resolve("acl-cfpc.txt");
    ContrastiveTables.Row tfc = result.rows().get(4);
    assertEquals(table.toString(), tfc.configuration().options().get("codebook"));
    CodeTable learned = CodeTable.read(table);
    assertEquals(8, learned.length());
    assertTrue(Files.exists(out.resolve(ContrastiveTables.CODES).resolve("acl-pf.txt")));
  }

  @Test
  void theFilesHoldOneRowPerModel() throws IOException {
    List<String> csv = Files.readAllLines(out.resolve(ContrastiveTables.CSV));
    assertEquals(6, csv.size());
    assertTrue(csv.get(3).startsWith("ACL-PF,acl-pf,0.0500,"), csv.get(3));
    String table = Files.readString(out.resolve(ContrastiveTables.MARKDOWN));
    assertEquals(result.text(), table);
    assertTrue(table.contains("| ACL-TFC | "), table);
    assertTrue(Files.exists(out.resolve("report").resolve(ComparisonReport.MARKDOWN)));
  }

  @Test
  void theComparisonTableGivesEachAttacksMedianL2() {
    List<DefenseReport> reports =
        result.rows().stream().map(ContrastiveTables.Row::report).toList();
    List<String> lines = ComparisonTable.of(reports).medianL2();
    assertEquals(reports.size(), lines.size(), "one line per model at the one epsilon");
    for (int i = 0; i < reports.size(); i++) {
      String line = lines.get(i);
      assertTrue(line.startsWith(reports.get(i).label()
          + " at 0.05, median L2 of successful examples:"), line);
      for (AttackResult a : reports.get(i).result().attacks()) {
        String value = Double.isNaN(a.medianL2()) ? "-"
            : String.format(java.util.Locale.ROOT, "%.3f", a.medianL2());
        assertTrue(line.contains(" " + a.attack() + " " + value), a + " in " + line);
        assertTrue(Double.isNaN(a.medianL2()) || a.medianL2() > 0, a::toString);
      }
    }
  }

  @Test
  void theModelsThatLearnNoCodesTrainOnTheAclModelsTrainingPart() {
    Split whole = PluginLookup.builtIn().find(DatasetProvider.class, "fashion-mnist")
        .open(Map.of("subset", "0.1")).train();
    int part = DefenseTrainer.generationSplits(whole, 1).get(0).size();
    assertTrue(part < whole.size());
    assertTrue(result.text().contains("every model trains on " + part + " of its " + whole.size()
        + " training images"), result.text());
    for (ContrastiveTables.Row row : result.rows()) {
      Object data = row.report().provenance().get("data");
      assertTrue(data instanceof Map<?, ?>, row.report().provenance()::toString);
      assertEquals(part, ((Map<?, ?>) data).get("trainSamples"), row.configuration()::toString);
      boolean learns = java.util.Set.of("acl-pf", "acl-cfpc").contains(
          row.configuration().defense());
      assertEquals(learns ? whole.size() - part : 0, row.splits().generation());
      assertEquals(learns ? whole.size() - part : 0,
          ((Map<?, ?>) data).get("generationSamples"), row.configuration()::toString);
    }
  }

  @Test
  void everyModelDeploysTheEpochSelectedOnAValidationPartOfTheTestSplit() {
    for (ContrastiveTables.Row row : result.rows()) {
      assertEquals(200, row.splits().validation(), "20 % of the 1,000 test images");
      assertEquals(800, row.splits().test());
      assertEquals(java.util.OptionalInt.of(1), row.splits().selectedEpoch(), "one epoch a stage");
      assertEquals(1, row.report().provenance().get("selectedEpoch"));
      assertEquals(200, ((Map<?, ?>) row.report().provenance().get("data"))
          .get("validationSamples"));
    }
    assertTrue(result.text().contains("200 validation images held out of the test split"),
        result.text());
    assertTrue(result.text().contains("| selected epoch |"), result.text());
  }

  @Test
  void aCodeLengthBelowOneIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ContrastiveTables.configurations(0));
    assertTrue(e.getMessage().contains("code length"), e.getMessage());
  }
}
