package org.ecoc4j.backends.ort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.ecoc4j.api.backend.EpochSummary;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.data.Dataset;
import org.ecoc4j.datasets.FashionMnistProvider;
import org.junit.jupiter.api.Test;

/**
 * Acceptance: lenet trained with cross-entropy on the bundled Fashion-MNIST sample (6,000 training
 * and 1,000 test images) reaches at least 80 % test accuracy within the normal test run.
 */
class FashionMnistAcceptanceTest {

  @Test
  void lenetReachesEightyPercentOnTheBundledSample() {
    Dataset data = new FashionMnistProvider().open(Map.of());
    assertEquals(6000, data.train().size());
    assertEquals(1000, data.test().size());
    ModelSpec spec = new ModelSpec("lenet", data.shape(), data.classes(), 1);
    TrainingConfig config = TrainingConfig.adamW(4, 32, 2024).withLearningRate(2e-3);
    long start = System.nanoTime();
    try (TrainedModel model =
        new Trainer(OrtSettings.cpu(), null)
            .augmentingWith(data.trainingAugmentation())
            .train(spec, LossSpec.crossEntropy(data.classes()), config, data.train(),
                data.test())) {
      double seconds = (System.nanoTime() - start) / 1e9;
      EpochSummary last = model.history().get(model.history().size() - 1);
      assertTrue(last.testAccuracy() >= 0.80,
          "test accuracy " + last.testAccuracy() + " after " + model.history());
      assertTrue(seconds < 180, "took " + seconds + " s");
      System.out.printf("fashion-mnist lenet: %s in %.1f s%n", model.history(), seconds);
    }
  }
}
