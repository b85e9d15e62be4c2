package org.ecoc4j.backends.ort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.data.ImageShape;
import org.junit.jupiter.api.Test;

/** The benchmark command measures positive rates; its full run is the documented command. */
class ThroughputBenchmarkTest {

  @Test
  void measuresTrainingAttackAndLossQueryRates() {
    ThroughputBenchmark.Result r =
        new ThroughputBenchmark(OrtSettings.cpu(), 2)
            .measure(new ModelSpec("lenet", new ImageShape(1, 16, 16), 4, 1), 8);
    assertTrue(r.trainImagesPerSecond() > 0 && Double.isFinite(r.trainImagesPerSecond()));
    assertTrue(r.attackStepsPerSecond() > 0 && Double.isFinite(r.attackStepsPerSecond()));
    assertTrue(r.lossQueriesPerSecond() > 0 && Double.isFinite(r.lossQueriesPerSecond()));
    assertEquals(List.of("resnet20v2", "lenet"), ThroughputBenchmark.select("resnet20v2, lenet")
        .stream().map(ModelSpec::architecture).toList());
    assertThrows(IllegalArgumentException.class, () -> ThroughputBenchmark.select("vgg"));
    assertThrows(IllegalArgumentException.class, () -> new ThroughputBenchmark(OrtSettings.cpu(), 0));
  }
}
