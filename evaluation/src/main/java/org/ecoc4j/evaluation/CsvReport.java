package org.ecoc4j.evaluation;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes an evaluation as CSV, one row for the clean samples ({@code attack} = {@code clean},
 * empty epsilon), one per attack and epsilon, then one per epsilon for the per-sample worst case
 * over the attacks ({@code attack} = {@code worst-case}, empty {@code white_box}); undefined
 * ratios are empty. Attack and worst-case rows end with the goal ({@code untargeted} or {@code
 * targeted}) and the target selection (empty when untargeted). The metric columns are those of
 * {@link Metrics}, in snake case; {@code median_l2} is an attack's minimal-perturbation report,
 * the median L2 distance of its successful examples from their clean images ({@link
 * AttackResult#medianL2}, empty when none succeeded, and on the clean and worst-case rows).
 */
final class CsvReport {

  static final String[] HEADER = {
    "attack", "white_box", "epsilon", "samples", "accuracy", "first_choice_accuracy",
    "undetectable_error", "success_rate", "rejection_rate", "reliability", "median_l2", "goal",
    "targets"
  };

  private CsvReport() {}

  static void write(Path file, EvaluationResult result) throws IOException {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        CSVPrinter csv = CSVFormat.DEFAULT.builder().setHeader(HEADER).get().print(out)) {
      Metrics c = result.clean();
      csv.printRecord("clean", "", "", c.samples(), text(c.accuracy()),
          text(c.firstChoiceAccuracy()), text(c.undetectableError()), "",
          text(c.rejectionRate()), text(c.reliability()), "", "", "");
      String goal = result.goal().name().toLowerCase(Locale.ROOT);
      String targets = result.targets() == null ? "" : result.targets().label();
      for (AttackResult r : result.attacks()) {
        Metrics m = r.metrics();
        csv.printRecord(r.attack(), r.whiteBox(), r.epsilon(), m.samples(), text(m.accuracy()),
            text(m.firstChoiceAccuracy()), text(m.undetectableError()), text(m.successRate()),
            text(m.rejectionRate()), text(m.reliability()), text(r.medianL2()), goal, targets);
      }
      for (WorstCaseResult r : result.worstCase()) {
        Metrics m = r.metrics();
        csv.printRecord(WorstCaseResult.NAME, "", r.epsilon(), m.samples(), text(m.accuracy()),
            text(m.firstChoiceAccuracy()), text(m.undetectableError()), text(m.successRate()),
            text(m.rejectionRate()), text(m.reliability()), "", goal, targets);
      }
    }
  }

  /**
   * Writes one row per sample and epsilon: {@code sample} (its index in the test order), {@code
   * epsilon}, {@code broken_by} (the first attack that broke it, {@code clean} when it was not
   * right when clean, empty when it stayed right).
   */
  static void writeBreakers(Path file, EvaluationResult result) throws IOException {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        CSVPrinter csv = CSVFormat.DEFAULT.builder()
            .setHeader("sample", "epsilon", "broken_by").get().print(out)) {
      for (WorstCaseResult r : result.worstCase()) {
        List<String> breakers = r.breakers();
        for (int i = 0; i < breakers.size(); i++) {
          csv.printRecord(i, r.epsilon(), breakers.get(i) == null ? "" : breakers.get(i));
        }
      }
    }
  }

  private static String text(double value) {
    return Double.isNaN(value) ? "" : Double.toString(value);
  }
}
