package org.ecoc4j.backends.ort;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.SplittableRandom;
import org.ecoc4j.api.backend.GradientOracle;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.backends.onnx.training.CheckpointReader;
import org.ecoc4j.backends.onnx.training.TrainingArtifacts;
import org.ecoc4j.backends.onnx.zoo.ModelZoo;
import org.ecoc4j.backends.onnx.zoo.ZooModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Training images per second and attack gradient steps per second of zoo models on the CPU.
 * Skipped unless run with {@code -Decoc4j.benchmark=true} (see the module README).
 */
@EnabledIfSystemProperty(named = "ecoc4j.benchmark", matches = "true")
class ThroughputBenchmark {

  private static final int BATCH = 64;
  private static final int WARMUP = 5;
  private static final int STEPS = 20;

  @Test
  void lenetOnMnistShapedInput() {
    measure(new ModelSpec("lenet", new ImageShape(1, 28, 28), 10, 1));
    measure(new ModelSpec("lenet", new ImageShape(3, 32, 32), 10, 1));
  }

  @Test
  void resnet20v2OnCifarShapedInput() {
    measure(new ModelSpec("resnet20v2", new ImageShape(3, 32, 32), 10, 1));
  }

  private static void measure(ModelSpec spec) {
    ZooModel model = ModelZoo.create(spec);
    LossSpec loss = LossSpec.crossEntropy(10);
    TrainingArtifacts artifacts =
        TrainingArtifacts.build(model, loss, TrainingConfig.adamW(1, BATCH, 1));
    int size = spec.input().size();
    SplittableRandom random = new SplittableRandom(1);
    float[] images = new float[BATCH * size];
    long[] labels = new long[BATCH];
    int[] intLabels = new int[BATCH];
    for (int i = 0; i < images.length; i++) {
      images[i] = (float) random.nextDouble();
    }
    for (int i = 0; i < BATCH; i++) {
      intLabels[i] = random.nextInt(10);
      labels[i] = intLabels[i];
    }
    OrtSettings settings = OrtSettings.cpu();
    double trainRate;
    try (TrainingSession session =
            new TrainingSession(artifacts, artifacts.checkpoint(), settings);
        NativeTensor x = NativeTensor.floats(images, BATCH, spec.input().channels(),
            spec.input().height(), spec.input().width());
        NativeTensor y = NativeTensor.longs(labels, BATCH)) {
      long start = 0;
      for (int step = 0; step < WARMUP + STEPS; step++) {
        if (step == WARMUP) {
          start = System.nanoTime();
        }
        session.trainStep(x, y);
        session.optimizerStep();
        session.lazyResetGrad();
      }
      trainRate = STEPS * BATCH / ((System.nanoTime() - start) / 1e9);
    }
    double attackRate;
    try (GradientOracle oracle =
        new OrtGradientOracle(
            model, loss, CheckpointReader.read(artifacts.checkpoint()), BATCH, settings)) {
      float[] losses = new float[BATCH];
      float[] gradient = new float[BATCH * size];
      long start = 0;
      for (int step = 0; step < WARMUP + STEPS; step++) {
        if (step == WARMUP) {
          start = System.nanoTime();
        }
        oracle.lossAndGradient(images, intLabels, losses, gradient);
      }
      attackRate = STEPS / ((System.nanoTime() - start) / 1e9);
    }
    System.out.println(
        String.format(
            Locale.ROOT,
            "BENCHMARK %s %s batch %d, %d threads: training %.0f images/s, attack gradient %.1f"
                + " steps/s (%.0f images/s)",
            spec.architecture(), spec.input(), BATCH, settings.threads(), trainRate, attackRate,
            attackRate * BATCH));
    assertTrue(trainRate > 0 && attackRate > 0);
  }
}
