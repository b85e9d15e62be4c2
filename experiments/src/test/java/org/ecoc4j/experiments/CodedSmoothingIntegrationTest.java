package org.ecoc4j.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.data.Dataset;
import org.ecoc4j.api.data.DatasetProvider;
import org.ecoc4j.api.data.Split;
import org.ecoc4j.api.defense.Defense;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code coded-smoothing} trained through {@link DefenseTrainer} on half of the bundled
 * Fashion-MNIST sample with lenet for two epochs (the defaults: groups of K = 16 coded into N =
 * 32, mu = 1): it learns far above chance, and reloads from its checkpoint with the same scores.
 */
class CodedSmoothingIntegrationTest {

  @TempDir Path folder;

  @Test
  void trainsOnFashionMnistAndReloads() {
    PluginLookup plugins = PluginLookup.builtIn();
    Map<String, String> subset = Map.of("subset", "0.5");
    Dataset data = plugins.find(DatasetProvider.class, "fashion-mnist").open(subset);
    TrainingRequest request =
        new TrainingRequest("coded-smoothing", Map.of(), "lenet", "ort", Map.of("threads", "2"),
            TrainingConfig.adamW(2, 64, 1), 1);
    Split test = data.test();
    int count = 32;
    float[] images = new float[count * test.shape().size()];
    for (int i = 0; i < count; i++) {
      test.copyImage(i, images, i * test.shape().size());
    }
    Path checkpoint = folder.resolve("net.ckpt");
    float[] scores;
    try (TrainedDefense trained = new DefenseTrainer(plugins).train(request, data)) {
      assertEquals(2, trained.network().history().size());
      double accuracy = trained.network().history().get(1).testAccuracy();
      assertTrue(accuracy > 0.6, "clean test accuracy " + accuracy + ", chance is 0.1");
      assertEquals(1, trained.network().spec().members());
      assertTrue(trained.network().spec().inputMixing().isEmpty(), "deployed plain");
      scores = trained.network().scores(images, count);
      trained.network().saveCheckpoint(checkpoint);
    }
    try (TrainedDefense loaded =
        new ModelLoader(plugins)
            .load(request, "fashion-mnist", subset, codebooks(plugins, data), checkpoint)) {
      assertArrayEquals(scores, loaded.network().scores(images, count), 1e-6f);
    }
  }

  /**
   * Coded around lenet's second convolution block ({@code block=conv2}, groups of K = 8 into N =
   * 12) for one epoch on a tenth of the sample: it learns above chance plain, and deployed with
   * randomized coded inference around the same block it scores above chance too and reloads from
   * its checkpoint with the same first draw.
   */
  @Test
  void trainsCodedAroundABlockOnFashionMnist() {
    PluginLookup plugins = PluginLookup.builtIn();
    Map<String, String> subset = Map.of("subset", "0.1");
    Dataset data = plugins.find(DatasetProvider.class, "fashion-mnist").open(subset);
    Map<String, String> options =
        Map.of("block", "conv2", "group", "8", "coded", "12", "inference", "rci");
    TrainingRequest request =
        new TrainingRequest("coded-smoothing", options, "lenet", "ort",
            Map.of("threads", "2"), TrainingConfig.adamW(1, 32, 1), 1);
    Split test = data.test();
    int count = 64;
    float[] images = new float[count * test.shape().size()];
    for (int i = 0; i < count; i++) {
      test.copyImage(i, images, i * test.shape().size());
    }
    Path checkpoint = folder.resolve("block.ckpt");
    float[] scores;
    try (TrainedDefense trained = new DefenseTrainer(plugins).train(request, data)) {
      double accuracy = trained.network().history().get(0).testAccuracy();
      assertTrue(accuracy > 0.3, "clean test accuracy " + accuracy + ", chance is 0.1");
      assertEquals("conv2", trained.design().options().get("block"));
      assertTrue(trained.design().randomized());
      scores = trained.network().scores(images, count);
      int right = 0;
      for (int i = 0; i < count; i++) {
        int best = 0;
        for (int c = 1; c < data.classes(); c++) {
          if (scores[i * data.classes() + c] > scores[i * data.classes() + best]) {
            best = c;
          }
        }
        right += best == test.label(i) ? 1 : 0;
      }
      assertTrue(right > 0.3 * count, "RCI around conv2: " + right + " of " + count + " right");
      trained.network().saveCheckpoint(checkpoint);
    }
    try (TrainedDefense loaded =
        new ModelLoader(plugins).load(request, "fashion-mnist", subset,
            plugins.find(Defense.class, "coded-smoothing")
                .prepare(data.classes(), 1, options, plugins).codebooks(), checkpoint)) {
      assertArrayEquals(scores, loaded.network().scores(images, count), 1e-5f);
    }
  }

  private static List<Codebook> codebooks(PluginLookup plugins, Dataset data) {
    return plugins.find(Defense.class, "coded-smoothing")
        .prepare(data.classes(), 1, Map.of(), plugins).codebooks();
  }
}
