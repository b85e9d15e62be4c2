package org.ecoc4j.evaluation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Writes a {@link ThresholdCurve} into a folder: {@value #CSV} (one row per threshold: {@code
 * delta}, {@code samples}, {@code accuracy}, {@code undetectable_error}, {@code rejection_rate},
 * {@code reliability}; undefined ratios empty) and {@value #CHART} (reliability against accuracy,
 * one marker per threshold, beside the line {@code reliability = accuracy} of a decoder that never
 * rejects), each written beside its place and renamed over it, so no reader sees half a file.
 */
public final class ThresholdCurveFiles {

  /** The CSV table of the curve. */
  public static final String CSV = "threshold-curve.csv";
  /** The accuracy-reliability plot. */
  public static final String CHART = "accuracy-reliability.png";

  static final String[] HEADER = {
    "delta", "samples", "accuracy", "undetectable_error", "rejection_rate", "reliability"
  };

  private ThresholdCurveFiles() {}

  /**
   * Writes the two files, creating the folder if needed.
   *
   * @return the files written
   * @throws UncheckedIOException naming the file that could not be written
   */
  public static List<Path> write(Path folder, ThresholdCurve curve, String title) {
    Path csv = folder.resolve(CSV);
    Path chart = folder.resolve(CHART);
    Path current = folder;
    try {
      Files.createDirectories(folder);
      current = csv;
      atomically(csv, file -> writeCsv(file, curve));
      current = chart;
      atomically(chart, file -> writeChart(file, curve, title));
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + current + ": " + e.getMessage(), e);
    }
    return List.of(csv, chart);
  }

  private static void writeCsv(Path file, ThresholdCurve curve) throws IOException {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        CSVPrinter printer = CSVFormat.DEFAULT.builder().setHeader(HEADER).get().print(out)) {
      for (ThresholdPoint p : curve.points()) {
        Metrics m = p.metrics();
        printer.printRecord(p.delta(), m.samples(), text(m.accuracy()),
            text(m.undetectableError()), text(m.rejectionRate()), text(m.reliability()));
      }
    }
  }

  private static void writeChart(Path file, ThresholdCurve curve, String title)
      throws IOException {
    XYChart chart = new XYChartBuilder().width(800).height(560).title(title)
        .xAxisTitle("accuracy").yAxisTitle("reliability").build();
    chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
    XYSeries diagonal = chart.addSeries("no rejection", List.of(0.0, 1.0), List.of(0.0, 1.0));
    diagonal.setMarker(SeriesMarkers.NONE);
    List<Double> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    for (ThresholdPoint p : curve.points()) {
      if (!Double.isNaN(p.metrics().reliability())) {
        x.add(p.metrics().accuracy());
        y.add(p.metrics().reliability());
      }
    }
    if (!x.isEmpty()) {
      chart.addSeries("threshold " + curve.points().get(0).delta() + " to "
          + curve.points().get(curve.points().size() - 1).delta(), x, y);
    }
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  /** Lets {@code writer} write a temporary file beside {@code file}, then renames it over. */
  static void atomically(Path file, FileWriter writer) throws IOException {
    Path target = file.toAbsolutePath();
    String name = target.getFileName().toString();
    int dot = name.lastIndexOf('.');
    // BitmapEncoder appends the extension when the name lacks it: keep it at the end.
    Path temporary = target.resolveSibling(
        dot < 0 ? name + ".tmp" : name.substring(0, dot) + ".tmp" + name.substring(dot));
    writer.write(temporary);
    Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }

  /** Writes one file. */
  @FunctionalInterface
  interface FileWriter {
    void write(Path file) throws IOException;
  }

  private static String text(double value) {
    return Double.isNaN(value) ? "" : Double.toString(value);
  }
}
