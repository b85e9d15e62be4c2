package org.ecoc4j.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.data.DatasetProvider;
import org.ecoc4j.api.data.Split;
import org.ecoc4j.api.decoding.Decisions;
import org.ecoc4j.api.decoding.Rejection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code error-detecting} with its defaults (CRC7 (10, 4), Zadeh loss, zadeh decoder over the
 * full codespace, Delta = 0) trained with lenet for 8 epochs on the bundled Fashion-MNIST sample
 * through {@link DefenseTrainer}, saved, and reloaded with {@link ModelLoader} (once as trained,
 * once with the threshold Delta = 0.6): the reloaded network gives the same outputs; on the test
 * split the deployed decoder rejects some images, so that reliability (correct / accepted) is
 * above accuracy (correct / all); and with Delta = 0.6 it rejects most uniform-noise images.
 */
class ErrorDetectingIntegrationTest {

  private static final int BATCH = 100;
  private static final int NOISE_IMAGES = 500;

  @TempDir static Path folder;
  private static TrainedDefense trained;
  private static TrainedDefense reloaded;
  private static TrainedDefense strict;

  @BeforeAll
  static void trainSaveAndReload() {
    PluginLookup plugins = PluginLookup.builtIn();
    TrainingRequest request =
        new TrainingRequest("error-detecting", Map.of(), "lenet", "ort",
            Map.of("threads", "2", "progress", "false"), TrainingConfig.adamW(8, 64, 1), 1);
    trained =
        new DefenseTrainer(plugins)
            .train(request, plugins.find(DatasetProvider.class, "fashion-mnist").open(Map.of()));
    Path checkpoint = folder.resolve("checkpoint.ckpt");
    trained.network().saveCheckpoint(checkpoint);
    ModelLoader loader = new ModelLoader(plugins);
    reloaded =
        loader.load(request, "fashion-mnist", Map.of(), trained.design().codebooks(), checkpoint);
    strict =
        loader.load(request.withDefense("error-detecting", Map.of("threshold", "0.6")),
            "fashion-mnist", Map.of(), trained.design().codebooks(), checkpoint);
  }

  @AfterAll
  static void close() {
    for (TrainedDefense d : new TrainedDefense[] {strict, reloaded, trained}) {
      if (d != null) {
        d.close();
      }
    }
  }

  /**
   * Counts of correct, rejected and accepted-but-wrong (undetectable) decisions on {@code count}
   * images; every accepted decision is wrong when {@code labels} is null (out of distribution).
   */
  private static int[] decide(TrainedDefense d, float[] images, int[] labels, int count) {
    int size = d.dataset().shape().size();
    int[] counts = new int[3];
    Decisions decisions = Decisions.withCapacity(BATCH);
    for (int from = 0; from < count; from += BATCH) {
      int n = Math.min(BATCH, count - from);
      float[] batch = new float[n * size];
      System.arraycopy(images, from * size, batch, 0, n * size);
      decisions.resize(n);
      d.decoder().decode(d.network().scores(batch, n), decisions);
      for (int i = 0; i < n; i++) {
        if (decisions.rejected(i)) {
          counts[1]++;
        } else if (labels == null || decisions.label(i) != labels[from + i]) {
          counts[2]++;
        } else {
          counts[0]++;
        }
      }
    }
    return counts;
  }

  private static int[] decideTestSplit(TrainedDefense d) {
    Split test = d.dataset().test();
    int count = test.size();
    int size = test.shape().size();
    float[] images = new float[count * size];
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      test.copyImage(i, images, i * size);
      labels[i] = test.label(i);
    }
    return decide(d, images, labels, count);
  }

  private static int[] decideNoise(TrainedDefense d) {
    int size = d.dataset().shape().size();
    Random random = new Random(2);
    float[] noise = new float[NOISE_IMAGES * size];
    for (int i = 0; i < noise.length; i++) {
      noise[i] = random.nextFloat();
    }
    return decide(d, noise, null, NOISE_IMAGES);
  }

  @Test
  void theReloadedModelGivesTheSameOutputs() {
    Split test = trained.dataset().test();
    int size = test.shape().size();
    float[] images = new float[BATCH * size];
    for (int i = 0; i < BATCH; i++) {
      test.copyImage(i, images, i * size);
    }
    float[] before = trained.network().scores(images, BATCH);
    assertEquals(10 * BATCH, before.length, "CRC7: K = 10 outputs");
    assertArrayEquals(before, reloaded.network().scores(images, BATCH), 1e-5f);
    assertArrayEquals(before, strict.network().scores(images, BATCH), 1e-5f);
  }

  @Test
  void itRejectsSomeTestImagesSoItsReliabilityIsAboveItsAccuracy() {
    for (TrainedDefense d : new TrainedDefense[] {reloaded, strict}) {
      int[] counts = decideTestSplit(d);
      int count = counts[0] + counts[1] + counts[2];
      double accuracy = counts[0] / (double) count;
      double rejection = counts[1] / (double) count;
      double reliability = counts[0] / (double) (counts[0] + counts[2]);
      String delta = d.design().decoderOptions().get("threshold");
      System.err.printf(
          "error-detecting, Delta %s, %d test images: accuracy %.3f, rejection %.3f,"
              + " undetectable %.3f, reliability %.3f%n",
          delta, count, accuracy, rejection, counts[2] / (double) count, reliability);
      assertTrue(accuracy > 0.6, "Delta " + delta + ": it learned: accuracy " + accuracy);
      assertTrue(rejection > 0, "Delta " + delta + ": some images are rejected");
      assertTrue(reliability > accuracy,
          "Delta " + delta + ": reliability " + reliability + " above accuracy " + accuracy);
    }
  }

  @Test
  void withDeltaAboveOneHalfItRejectsMostUniformNoiseImages() {
    double atZero = decideNoise(reloaded)[1] / (double) NOISE_IMAGES;
    double atStrict = decideNoise(strict)[1] / (double) NOISE_IMAGES;
    System.err.printf(
        "error-detecting, %d uniform-noise images: rejection %.3f at Delta 0, %.3f at Delta"
            + " 0.6%n", NOISE_IMAGES, atZero, atStrict);
    assertTrue(atZero > 0, "the syndrome and unassigned words reject some noise: " + atZero);
    assertTrue(atStrict > 0.5, "rejects most noise images at Delta 0.6: " + atStrict);
    assertTrue(atStrict >= atZero, "a threshold only adds rejections");
  }

  @Test
  void rejectionsBelowTheThresholdHappenOnlyWithOne() {
    Decisions decisions = Decisions.withCapacity(BATCH);
    Split test = reloaded.dataset().test();
    int size = test.shape().size();
    float[] images = new float[BATCH * size];
    for (int i = 0; i < BATCH; i++) {
      test.copyImage(i, images, i * size);
    }
    reloaded.decoder().decode(reloaded.network().scores(images, BATCH), decisions);
    for (int i = 0; i < BATCH; i++) {
      if (decisions.rejected(i)) {
        assertTrue(decisions.rejection(i) == Rejection.NONZERO_SYNDROME
            || decisions.rejection(i) == Rejection.UNASSIGNED_WORD, "Delta = 0: " + i);
      }
    }
  }
}
