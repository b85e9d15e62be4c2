package org.ecoc4j.evaluation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes the report of an evaluation into a folder: {@value #JSON} (with provenance),
 * {@value #CSV}, {@value #BROKEN_BY} (per sample and epsilon, the attack that broke it first),
 * {@value #CHART} (robust accuracy against epsilon per attack) and {@value #GRID} (clean and
 * adversarial examples).
 */
public final class ReportFiles {

  /** The JSON report. */
  public static final String JSON = "report.json";
  /** The CSV table. */
  public static final String CSV = "report.csv";
  /** Per sample and epsilon, the attack that broke it first. */
  public static final String BROKEN_BY = "broken-by.csv";
  /** The accuracy plot. */
  public static final String CHART = "robust-accuracy.png";
  /** The example grid. */
  public static final String GRID = "examples.png";

  private ReportFiles() {}

  /**
   * Writes the five files, creating the folder if needed.
   *
   * @param folder where to write
   * @param result the evaluation
   * @param provenance what produced it: plugins, options, seeds, data, device, versions; written
   *     as given (values must be JSON-serialisable: strings, numbers, booleans, lists, maps)
   * @param title the plot's title
   * @return the files written
   * @throws UncheckedIOException naming the file that could not be written
   */
  public static List<Path> write(
      Path folder, EvaluationResult result, Map<String, Object> provenance, String title) {
    Path json = folder.resolve(JSON);
    Path csv = folder.resolve(CSV);
    Path brokenBy = folder.resolve(BROKEN_BY);
    Path chart = folder.resolve(CHART);
    Path grid = folder.resolve(GRID);
    Path current = folder;
    try {
      Files.createDirectories(folder);
      current = json;
      JsonReport.write(json, result, provenance);
      current = csv;
      CsvReport.write(csv, result);
      current = brokenBy;
      CsvReport.writeBreakers(brokenBy, result);
      current = chart;
      AccuracyChart.write(chart, result, title);
      current = grid;
      ExampleGrid.write(grid, result.examples());
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + current + ": " + e.getMessage(), e);
    }
    return List.of(json, csv, brokenBy, chart, grid);
  }
}
