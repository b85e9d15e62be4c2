package org.ecoc4j.backends.ort;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.data.ImageShape;
import org.junit.jupiter.api.Test;

/** The benchmark command measures positive rates; its full run is the documented command. */
class ThroughputBenchmarkTest {

  @Test
  void measuresTrainingAndAttackRates() {
    ThroughputBenchmark.Result r =
        new ThroughputBenchmark(OrtSettings.cpu(), 2)
            .measure(new ModelSpec("lenet", new ImageShape(1, 16, 16), 4, 1), 8);
    assertTrue(r.trainImagesPerSecond() > 0 && Double.isFinite(r.trainImagesPerSecond()));
    assertTrue(r.attackStepsPerSecond() > 0 && Double.isFinite(r.attackStepsPerSecond()));
    assertThrows(IllegalArgumentException.class, () -> new ThroughputBenchmark(OrtSettings.cpu(), 0));
  }
}
