package org.ecoc4j.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes out-of-distribution results into a folder: {@value #JSON} ({@code provenance} as given,
 * then per source its {@code source}, {@code sourceShape}, {@code transforms}, {@code samples},
 * {@code rejectionRate} and {@code undetectableError} at the deployed decoder, and {@code curve}:
 * {@code delta} and {@code rejectionRate} per threshold) and {@value #CSV} (one row per source
 * and threshold: {@code source}, {@code transforms} joined by {@code +}, {@code delta}, {@code
 * samples}, {@code rejection_rate}), each written beside its place and renamed over it.
 */
public final class OodReport {

  /** The JSON report. */
  public static final String JSON = "ood.json";
  /** The CSV table. */
  public static final String CSV = "ood.csv";

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private OodReport() {}

  /**
   * Writes the two files, creating the folder if needed.
   *
   * @param provenance what produced the results, written as given (JSON-serialisable values)
   * @return the files written
   * @throws UncheckedIOException naming the file that could not be written
   */
  public static List<Path> write(
      Path folder, List<OodResult> results, Map<String, Object> provenance) {
    Path json = folder.resolve(JSON);
    Path csv = folder.resolve(CSV);
    Path current = folder;
    try {
      Files.createDirectories(folder);
      current = json;
      ThresholdCurveFiles.atomically(json, file -> writeJson(file, results, provenance));
      current = csv;
      ThresholdCurveFiles.atomically(csv, file -> writeCsv(file, results));
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + current + ": " + e.getMessage(), e);
    }
    return List.of(json, csv);
  }

  /** One line per source for a terminal: its rejection at the deployed decoder. */
  public static String summary(OodResult r) {
    String how = r.transforms().isEmpty() ? ""
        : " (" + r.sourceShape() + " by " + String.join(", ", r.transforms()) + ")";
    return String.format(Locale.ROOT, "out-of-distribution %s%s: rejected %.1f%% of %d",
        r.source(), how, 100 * r.metrics().rejectionRate(), r.metrics().samples());
  }

  private static void writeJson(Path file, List<OodResult> results,
      Map<String, Object> provenance) throws IOException {
    ObjectNode root = MAPPER.createObjectNode();
    root.set("provenance", MAPPER.valueToTree(provenance));
    ArrayNode sources = root.putArray("sources");
    for (OodResult r : results) {
      ObjectNode entry = sources.addObject();
      entry.put("source", r.source());
      entry.put("sourceShape", r.sourceShape().toString());
      ArrayNode transforms = entry.putArray("transforms");
      r.transforms().forEach(transforms::add);
      entry.put("samples", r.metrics().samples());
      entry.put("rejectionRate", r.metrics().rejectionRate());
      entry.put("undetectableError", r.metrics().undetectableError());
      ArrayNode curve = entry.putArray("curve");
      for (ThresholdPoint p : r.curve().points()) {
        curve.addObject().put("delta", p.delta())
            .put("rejectionRate", p.metrics().rejectionRate());
      }
    }
    MAPPER.writeValue(file.toFile(), root);
  }

  private static void writeCsv(Path file, List<OodResult> results) throws IOException {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        CSVPrinter printer = CSVFormat.DEFAULT.builder()
            .setHeader("source", "transforms", "delta", "samples", "rejection_rate").get()
            .print(out)) {
      for (OodResult r : results) {
        for (ThresholdPoint p : r.curve().points()) {
          printer.printRecord(r.source(), String.join("+", r.transforms()), p.delta(),
              p.metrics().samples(), p.metrics().rejectionRate());
        }
      }
    }
  }
}
