package org.ecoc4j.experiments;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ecoc4j.evaluation.EvaluationResult;
import org.ecoc4j.evaluation.ReportFiles;

/**
 * Writes a comparison of defenses into a folder: {@value #MARKDOWN} and {@value #JSON} (the
 * table, for every defense, and which attack broke how many samples first), and per defense a
 * sub-folder {@code <defense>/} with the evaluation's JSON report (with provenance), CSVs,
 * robust-accuracy plot and example grid.
 */
public final class ComparisonReport {

  /** The comparison table in Markdown. */
  public static final String MARKDOWN = "comparison.md";
  /** The comparison table as JSON records. */
  public static final String JSON = "comparison.json";

  /** What the table's columns mean, printed above it. */
  public static final String DESCRIPTION =
      "Accuracy in percent on the deployed decoder. The papers' attacks (fgsm, pgd, mim) attack"
          + " the training loss, each on every sample. The " + StandardSuite.NAME + " columns"
          + " follow AutoAttack: apgd-loss on the training loss on every sample, then each"
          + " attack only on the samples still unbroken, so each column is the robust accuracy"
          + " after it. A worst-case column counts a sample as robust only if it was right when"
          + " clean and no attack of either protocol broke it at that epsilon.";

  private ComparisonReport() {}

  /**
   * Writes the report.
   *
   * @param title the report's heading
   * @return the files written
   * @throws UncheckedIOException naming the file that could not be written
   */
  public static List<Path> write(Path folder, String title, List<DefenseReport> reports) {
    ComparisonTable table = ComparisonTable.of(reports);
    List<Path> written = new ArrayList<>();
    for (DefenseReport report : reports) {
      Path sub = folder.resolve(slug(report.label()));
      written.addAll(
          ReportFiles.write(sub, report.result(), report.provenance(), report.label()));
    }
    Path markdown = folder.resolve(MARKDOWN);
    Path json = folder.resolve(JSON);
    Path current = markdown;
    try {
      Files.createDirectories(folder);
      StringBuilder text = new StringBuilder("# ").append(title).append("\n\n");
      text.append(DESCRIPTION).append("\n\n").append(table.markdown()).append('\n');
      table.brokenBy().forEach(line -> text.append("- ").append(line).append('\n'));
      Files.writeString(markdown, text, StandardCharsets.UTF_8);
      current = json;
      Map<String, Object> document = new LinkedHashMap<>();
      document.put("title", title);
      document.put("rows", table.records());
      document.put("brokenBy", table.brokenBy());
      List<Map<String, Object>> provenance = new ArrayList<>();
      reports.forEach(r -> provenance.add(r.provenance()));
      document.put("provenance", provenance);
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), document);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + current + ": " + e.getMessage(), e);
    }
    written.add(markdown);
    written.add(json);
    return written;
  }

  /** A folder name for a label: lower case letters, digits and dashes. */
  static String slug(String label) {
    String s = label.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9.]+", "-");
    return s.replaceAll("^-+|-+$", "");
  }
}
