package org.ecoc4j.evaluation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/**
 * Plots robust accuracy against epsilon, one line per attack and one for the per-sample worst case
 * over the attacks ({@code worst-case}), each starting from the clean accuracy at epsilon 0 (the
 * ball of radius 0 holds only the clean image), as a PNG with XChart.
 */
final class AccuracyChart {

  private AccuracyChart() {}

  static void write(Path file, EvaluationResult result, String title) throws IOException {
    XYChart chart =
        new XYChartBuilder()
            .width(800)
            .height(560)
            .title(title)
            .xAxisTitle("epsilon")
            .yAxisTitle("robust accuracy")
            .build();
    chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
    Map<String, Map<Double, Double>> curves = new LinkedHashMap<>();
    for (AttackResult r : result.attacks()) {
      curves.computeIfAbsent(r.attack(), k -> new LinkedHashMap<>())
          .put(r.epsilon(), r.metrics().accuracy());
    }
    for (WorstCaseResult r : result.worstCase()) {
      curves.computeIfAbsent(WorstCaseResult.NAME, k -> new LinkedHashMap<>())
          .put(r.epsilon(), r.metrics().accuracy());
    }
    curves.forEach((name, curve) -> {
      List<Double> x = new ArrayList<>();
      List<Double> y = new ArrayList<>();
      if (curve.keySet().iterator().next() > 0 && !Double.isNaN(result.clean().accuracy())) {
        x.add(0.0);
        y.add(result.clean().accuracy());
      }
      x.addAll(curve.keySet());
      y.addAll(curve.values());
      chart.addSeries(name, x, y);
    });
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
  }
}
