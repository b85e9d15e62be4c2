package org.ecoc4j.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.ecoc4j.evaluation.Metrics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The error-detecting tables job at a tiny scale (1 epoch on a tenth of the sample, 40 attacked
 * images, 2-step attacks): every configuration is trained and measured, the metric identities
 * hold, only the rejecting decoders reject, and the files hold one row per configuration.
 */
class ErrorDetectingTablesTest {

  @TempDir static Path out;
  private static ErrorDetectingTables.Result result;

  @BeforeAll
  static void run() {
    AttackSuite suite = new AttackSuite(List.of("fgsm", "pgd", "mim"), List.of(0.1), 2, 40, 40, 1,
        new StandardSuite(2, 1, 20));
    Quickstart.Settings settings =
        new Quickstart.Settings(1, Map.of("subset", "0.1"), suite, "ort", Map.of("threads", "2"),
            1);
    result = new ErrorDetectingTables(PluginLookup.builtIn(), null).run(out, settings, 60);
  }

  @Test
  void everyConfigurationIsMeasuredAndTheIdentitiesHold() {
    assertEquals(ErrorDetectingTables.configurations(),
        result.rows().stream().map(ErrorDetectingTables.Row::configuration).toList());
    for (ErrorDetectingTables.Row row : result.rows()) {
      for (Metrics m : List.of(row.clean(), row.pgd(), row.worstCase())) {
        assertEquals(1.0, m.accuracy() + m.undetectableError() + m.rejectionRate(), 1e-9,
            row.configuration() + ": " + m);
      }
      assertEquals(40, row.clean().samples());
      assertTrue(row.clean().firstChoiceAccuracy() >= row.clean().accuracy(),
          row.configuration() + ": the first choice is right wherever the deployed rule is");
      assertTrue(row.worstCase().accuracy() <= row.pgd().accuracy(), row.configuration()::toString);
      assertEquals(60, row.mnist().metrics().samples());
      assertEquals(60, row.noise().metrics().samples());
    }
  }

  @Test
  void onlyTheRejectingDecodersRejectOutOfDistributionImages() {
    for (ErrorDetectingTables.Row row : result.rows()) {
      String decision = row.configuration().decision();
      boolean rejecting = decision.equals("Zadeh") || decision.equals("bit threshold");
      if (!rejecting) {
        assertEquals(0.0, row.mnist().metrics().rejectionRate(), row.configuration()::toString);
        assertEquals(0.0, row.noise().metrics().rejectionRate(), row.configuration()::toString);
        assertEquals(0.0, row.clean().rejectionRate(), row.configuration()::toString);
      }
    }
    ErrorDetectingTables.Row zadeh = result.rows().get(0);
    assertTrue(zadeh.noise().metrics().rejectionRate() > 0, zadeh.noise()::toString);
  }

  @Test
  void theFilesHoldOneRowPerConfiguration() throws IOException {
    List<String> csv = Files.readAllLines(out.resolve(ErrorDetectingTables.CSV));
    assertEquals(1 + ErrorDetectingTables.configurations().size(), csv.size());
    assertTrue(csv.get(1).startsWith("\"CRC7\",\"Zadeh\",error-detecting,"), csv.get(1));
    String tables = Files.readString(out.resolve(ErrorDetectingTables.MARKDOWN));
    assertEquals(result.text(), tables);
    assertTrue(tables.contains("| Hadamard (15 bits) | Euclid |"), tables);
    assertTrue(Files.exists(out.resolve("report").resolve(ComparisonReport.MARKDOWN)));
  }
}
