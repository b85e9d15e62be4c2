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
 * Plots robust accuracy against epsilon, one line per attack, starting from the clean accuracy at
 * epsilon 0 (the ball of radius 0 holds only the clean image), as a PNG with XChart.
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
    Map<String, List<AttackResult>> byAttack = new LinkedHashMap<>();
    for (AttackResult r : result.attacks()) {
      byAttack.computeIfAbsent(r.attack(), k -> new ArrayList<>()).add(r);
    }
    byAttack.forEach((attack, curve) -> {
      List<Double> x = new ArrayList<>();
      List<Double> y = new ArrayList<>();
      if (curve.get(0).epsilon() > 0 && !Double.isNaN(result.clean().accuracy())) {
        x.add(0.0);
        y.add(result.clean().accuracy());
      }
      for (AttackResult r : curve) {
        x.add(r.epsilon());
        y.add(r.metrics().accuracy());
      }
      chart.addSeries(attack, x, y);
    });
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
  }
}
