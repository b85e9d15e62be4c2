package org.ecoc4j.experiments;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ecoc4j.evaluation.AttackResult;
import org.ecoc4j.evaluation.EvaluationResult;
import org.ecoc4j.evaluation.MeanOverDraws;
import org.ecoc4j.evaluation.Metrics;
import org.ecoc4j.evaluation.WorstCaseResult;

/**
 * Defenses side by side: one row per defense with the clean metrics (accuracy, first-choice
 * accuracy, undetectable error, rejection, reliability; see {@link Metrics}), the robust accuracy of every
 * attack of every protocol at every epsilon (the papers' attacks first, each on every sample;
 * then the standard suite's, whose columns after its first are the robust accuracy after that
 * attack, AutoAttack-style), then at every epsilon the per-sample worst case over all of them
 * ({@code worst-case E}: a sample counts only if it was right when clean and no attack broke
 * it) and its rejection ({@code rejected E}: rejected adversarial examples, counted apart from
 * the broken ones), in percent ({@code -} where undefined); as aligned text or Markdown. {@link #brokenBy} says which attack broke how
 * many samples first, {@link #medianL2} how far each attack had to move its successful examples.
 */
public final class ComparisonTable {

  private final List<String> header;
  private final List<List<String>> rows;
  private final List<String> brokenBy;
  private final List<String> medianL2;

  private ComparisonTable(List<String> header, List<List<String>> rows, List<String> brokenBy,
      List<String> medianL2) {
    this.header = List.copyOf(header);
    this.rows = rows.stream().map(List::copyOf).toList();
    this.brokenBy = List.copyOf(brokenBy);
    this.medianL2 = List.copyOf(medianL2);
  }

  /**
   * The table of some reports; the columns are those of the first report's first protocol.
   *
   * @throws IllegalArgumentException for no reports
   */
  public static ComparisonTable of(List<DefenseReport> reports) {
    if (reports.isEmpty()) {
      throw new IllegalArgumentException("a comparison needs at least one report");
    }
    EvaluationResult first = reports.get(0).result();
    List<String> header = new ArrayList<>(List.of("defense", "clean", "first-choice",
        "undetectable", "rejected", "reliability"));
    for (AttackResult a : first.attacks()) {
      header.add(a.attack() + " " + a.epsilon());
    }
    for (WorstCaseResult w : first.worstCase()) {
      header.add(WorstCaseResult.NAME + " " + w.epsilon());
      header.add("rejected " + w.epsilon());
    }
    List<List<String>> rows = new ArrayList<>();
    List<String> breakdown = new ArrayList<>();
    List<String> distances = new ArrayList<>();
    for (DefenseReport report : reports) {
      EvaluationResult result = report.result();
      List<String> row = new ArrayList<>();
      row.add(report.label());
      Metrics clean = result.clean();
      row.add(percent(clean.accuracy()));
      row.add(percent(clean.firstChoiceAccuracy()));
      row.add(percent(clean.undetectableError()));
      row.add(percent(clean.rejectionRate()));
      row.add(percent(clean.reliability()));
      for (AttackResult a : result.attacks()) {
        row.add(percent(a.metrics().accuracy()));
      }
      distances.addAll(medianL2(report));
      for (WorstCaseResult w : result.worstCase()) {
        row.add(percent(w.metrics().accuracy()));
        row.add(percent(w.metrics().rejectionRate()));
        StringBuilder line = new StringBuilder(report.label()).append(" at ")
            .append(w.epsilon()).append(", broken first by:");
        w.brokenBy().forEach((attack, n) -> line.append(' ').append(attack).append(' ').append(n));
        breakdown.add(line.toString());
      }
      MeanOverDraws draws = result.draws();
      if (draws != null) {
        StringBuilder line = new StringBuilder(report.label()).append(": figures are the worst")
            .append(" case over ").append(draws.draws()).append(" draws (test batches of ")
            .append(draws.coupledBatch()).append("); mean over the draws: clean ")
            .append(percent(draws.clean().accuracy()));
        for (AttackResult a : draws.attacks()) {
          line.append(", ").append(a.attack()).append(' ').append(a.epsilon()).append(' ')
              .append(percent(a.metrics().accuracy()));
        }
        breakdown.add(line.toString());
      }
      rows.add(row);
    }
    return new ComparisonTable(header, rows, breakdown, distances);
  }

  /**
   * One line per defense and epsilon: how many samples each attack broke first ({@code clean}:
   * not right when clean); for a randomized defense also one line with the mean over draws of
   * the clean accuracy and of every attack's robust accuracy (the table's cells being the worst
   * case over draws).
   */
  public List<String> brokenBy() {
    return brokenBy;
  }

  /**
   * The minimal-perturbation report beside the fixed-budget attacks: one line per defense and
   * epsilon, the median L2 distance from their clean images of each attack's successful examples
   * ({@link AttackResult#medianL2}; {@code -} where none succeeded), e.g. {@code one-hot at 0.1,
   * median L2 of successful examples: fgsm 2.41 pgd 1.87 cw-l2 0.93}.
   */
  public List<String> medianL2() {
    return medianL2;
  }

  private static List<String> medianL2(DefenseReport report) {
    Map<Double, StringBuilder> lines = new java.util.LinkedHashMap<>();
    for (AttackResult a : report.result().attacks()) {
      lines.computeIfAbsent(a.epsilon(), e -> new StringBuilder(report.label()).append(" at ")
              .append(e).append(", median L2 of successful examples:"))
          .append(' ').append(a.attack()).append(' ').append(Double.isNaN(a.medianL2()) ? "-"
              : String.format(Locale.ROOT, "%.3f", a.medianL2()));
    }
    return lines.values().stream().map(StringBuilder::toString).toList();
  }

  /** The column names. */
  public List<String> header() {
    return header;
  }

  /** The cells, one list per row. */
  public List<List<String>> rows() {
    return rows;
  }

  /** The table as aligned text for a terminal. */
  public String text() {
    int[] widths = new int[header.size()];
    for (int c = 0; c < widths.length; c++) {
      widths[c] = header.get(c).length();
      for (List<String> row : rows) {
        widths[c] = Math.max(widths[c], row.get(c).length());
      }
    }
    StringBuilder out = new StringBuilder();
    line(out, header, widths);
    for (List<String> row : rows) {
      line(out, row, widths);
    }
    return out.toString();
  }

  /** The table in Markdown. */
  public String markdown() {
    StringBuilder out = new StringBuilder();
    out.append("| ").append(String.join(" | ", header)).append(" |\n|");
    out.append(" --- |".repeat(header.size())).append('\n');
    for (List<String> row : rows) {
      out.append("| ").append(String.join(" | ", row)).append(" |\n");
    }
    return out.toString();
  }

  /** The rows as maps from column name to cell, for JSON. */
  public List<Map<String, String>> records() {
    List<Map<String, String>> records = new ArrayList<>();
    for (List<String> row : rows) {
      Map<String, String> record = new java.util.LinkedHashMap<>();
      for (int c = 0; c < header.size(); c++) {
        record.put(header.get(c), row.get(c));
      }
      records.add(record);
    }
    return records;
  }

  private static void line(StringBuilder out, List<String> cells, int[] widths) {
    for (int c = 0; c < cells.size(); c++) {
      String cell = cells.get(c);
      out.append(c < 1 ? pad(cell, widths[c]) : padLeft(cell, widths[c]));
      out.append(c + 1 < cells.size() ? "  " : "\n");
    }
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(width - s.length());
  }

  private static String padLeft(String s, int width) {
    return " ".repeat(width - s.length()) + s;
  }

  private static String percent(double fraction) {
    if (Double.isNaN(fraction)) {
      return "-";
    }
    return String.format(Locale.ROOT, "%.1f", 100 * fraction);
  }
}
