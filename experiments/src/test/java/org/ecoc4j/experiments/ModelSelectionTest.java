package org.ecoc4j.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.ecoc4j.api.backend.EpochSummary;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.data.Dataset;
import org.ecoc4j.api.data.DatasetProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DefenseTrainer#selectingOnValidation}: 20 % of the test split, stratified and seeded, is
 * the validation split; the deployed weights are those of the epoch of the best validation
 * accuracy, the counts of every split and the selected epoch are recorded, and a run resumed from
 * a checkpoint selects what the uninterrupted run selected (ort, lenet, a quarter of the bundled
 * Fashion-MNIST sample).
 */
class ModelSelectionTest {

  private static final PluginLookup PLUGINS = PluginLookup.builtIn();

  private static Dataset data() {
    return PLUGINS.find(DatasetProvider.class, "fashion-mnist").open(Map.of("subset", "0.25"));
  }

  private static TrainingRequest request(int epochs, Map<String, String> backendOptions) {
    return new TrainingRequest("one-hot", Map.of(), "lenet", "ort", backendOptions,
        TrainingConfig.adamW(epochs, 32, 5), 5);
  }

  private static final Map<String, String> QUIET = Map.of("threads", "2", "progress", "false");

  @Test
  void theBestValidationEpochIsDeployedRecordedAndKeptByAResumedRun(@TempDir Path dir) {
    Dataset dataset = data();
    DefenseTrainer selecting = new DefenseTrainer(PLUGINS).selectingOnValidation();
    int selected;
    float[] deployed;
    try (TrainedDefense trained = selecting.train(request(3, QUIET), dataset)) {
      List<EpochSummary> history = trained.network().history();
      int best = 1;
      for (int e = 2; e <= 3; e++) {
        best = history.get(e - 1).validationAccuracy() > history.get(best - 1).validationAccuracy()
            ? e : best;
      }
      selected = best;
      assertTrue(history.stream().allMatch(h -> Double.isNaN(h.testAccuracy())
          && h.validationAccuracy() > 0.1), "validation scored each epoch, the test split not");
      TrainingSplits splits = trained.splits();
      assertEquals(OptionalInt.of(selected), splits.selectedEpoch());
      assertEquals(dataset.train().size(), splits.train());
      assertEquals(0, splits.generation());
      assertEquals(200, splits.validation(), "20 % of the 1,000 test images");
      assertEquals(800, splits.test());
      assertEquals(800, trained.dataset().test().size(), "evaluations use the rest");
      Map<String, Object> provenance =
          ProvenanceJson.of(TrainingProvenance.of(trained, PLUGINS));
      assertEquals(selected, provenance.get("selectedEpoch"));
      Map<?, ?> data = (Map<?, ?>) provenance.get("data");
      assertEquals(200, data.get("validationSamples"));
      assertEquals(0.2, data.get("validationFraction"));
      assertEquals(800, data.get("testSamples"));
      assertEquals(0, data.get("generationSamples"));
      deployed = DefenseTrainer.outputs(trained.network(), trained.dataset().test());
    }
    // a constant schedule: the first e epochs of a longer run are a run of e epochs
    try (TrainedDefense plain = new DefenseTrainer(PLUGINS).train(request(selected, QUIET),
        dataset)) {
      assertEquals(OptionalInt.empty(), plain.splits().selectedEpoch());
      assertEquals(1000, plain.splits().test());
      assertTrue(!((Map<?, ?>) ProvenanceJson.of(TrainingProvenance.of(plain, PLUGINS))
          .get("data")).containsKey("validationFraction"), "no fraction without selection");
      assertArrayEquals(deployed, DefenseTrainer.outputs(plain.network(),
          DefenseTrainer.withoutValidation(dataset, 5, 0.2).test()),
          "the deployed weights are the selected epoch's");
    }
    Path checkpoint = dir.resolve("run.ckpt");
    selecting.train(request(2, Map.of("threads", "2", "progress", "false",
        "checkpoint", checkpoint.toString())), dataset).close();
    assertTrue(Files.isRegularFile(dir.resolve("run.ckpt.best")), "the best epoch kept");
    try (TrainedDefense resumed = selecting.train(request(3, Map.of("threads", "2",
        "progress", "false", "resume-from", checkpoint.toString())), dataset)) {
      assertEquals(1, resumed.network().history().size());
      assertEquals(OptionalInt.of(selected), resumed.splits().selectedEpoch());
      assertArrayEquals(deployed,
          DefenseTrainer.outputs(resumed.network(), resumed.dataset().test()));
    }
  }

  @Test
  void aValidationFractionCutsThatShareOfTheTestSplitAndOthersAreRefused() {
    Dataset dataset = data();
    assertEquals(700, DefenseTrainer.withoutValidation(dataset, 5, 0.3).test().size());
    assertEquals(dataset.train().size(),
        DefenseTrainer.withoutValidation(dataset, 5, 0.3).train().size());
    for (double bad : new double[] {0, 1, -0.1, 1.5, Double.NaN}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> new DefenseTrainer(PLUGINS).selectingOnValidation(bad));
      assertTrue(e.getMessage().contains("validation fraction"), e.getMessage());
      assertThrows(IllegalArgumentException.class,
          () -> DefenseTrainer.withoutValidation(dataset, 5, bad));
    }
  }
}
