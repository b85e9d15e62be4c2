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
 * table, for every defense and protocol), and per defense and protocol a sub-folder
 * {@code <defense>/<protocol>/} with the evaluation's JSON report (with provenance), CSV,
 * robust-accuracy plot and example grid.
 */
public final class ComparisonReport {

  /** The comparison table in Markdown. */
  public static final String MARKDOWN = "comparison.md";
  /** The comparison table as JSON records. */
  public static final String JSON = "comparison.json";

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
      for (Map.Entry<Protocol, EvaluationResult> e : report.results().entrySet()) {
        Map<String, Object> provenance = new LinkedHashMap<>(report.provenance());
        provenance.put("protocol", e.getKey().word());
        Path sub = folder.resolve(slug(report.label())).resolve(e.getKey().word());
        written.addAll(
            ReportFiles.write(
                sub, e.getValue(), provenance,
                report.label() + " (" + e.getKey().word() + " protocol)"));
      }
    }
    Path markdown = folder.resolve(MARKDOWN);
    Path json = folder.resolve(JSON);
    Path current = markdown;
    try {
      Files.createDirectories(folder);
      StringBuilder text = new StringBuilder("# ").append(title).append("\n\n");
      text.append("Accuracy in percent on the deployed decoder. The papers' protocol attacks the")
          .append(" training loss; the adaptive protocol attacks a margin on the class scores")
          .append(" before any saturating function. A worst-case column counts a sample as")
          .append(" robust only if no attack of the suite broke it at that epsilon.\n\n")
          .append(table.markdown());
      Files.writeString(markdown, text, StandardCharsets.UTF_8);
      current = json;
      Map<String, Object> document = new LinkedHashMap<>();
      document.put("title", title);
      document.put("rows", table.records());
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
