package org.ecoc4j.backends.ort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ecoc4j.api.backend.ModelSpec;
import org.junit.jupiter.api.Test;

class ConvGradientComparisonTest {

  @Test
  void timesBothArmsFromTheSameStart() {
    ModelSpec lenet = BenchmarkOptions.select("lenet").get(0);
    ConvGradientComparison.Ratios r = new ConvGradientComparison(2, 1).compare(lenet, 4);
    for (double v : new double[] {r.training(), r.trainingControl(), r.attack(),
        r.attackControl(), r.convGradMs(), r.gemmMs(), r.convGradAttackMs(), r.gemmAttackMs()}) {
      assertTrue(v > 0 && Double.isFinite(v), r.toString());
    }
    assertTrue(r.convGradLoss() > 0, r.toString());
    assertEquals(r.convGradLoss(), r.gemmLoss(), 1e-5 * r.convGradLoss(), r.toString());
    assertThrows(IllegalArgumentException.class, () -> new ConvGradientComparison(0, 1));
  }

  @Test
  void theRatioIsTheMedianOfTheStepRatios() {
    double[][] ms = {{2, 9, 3}, {1, 3, 3}};
    assertEquals(2, ConvGradientComparison.medianRatio(ms), 1e-12);
    assertEquals(2.5, ConvGradientComparison.median(new double[] {4, 1, 2, 3}), 1e-12);
  }
}
