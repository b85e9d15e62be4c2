package org.ecoc4j.backends.ort;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.ecoc4j.api.backend.GradientOracle;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.backends.onnx.training.CheckpointReader;
import org.ecoc4j.backends.onnx.training.OptimizerSpec;
import org.ecoc4j.backends.onnx.training.TrainingArtifacts;
import org.ecoc4j.backends.onnx.zoo.ModelZoo;
import org.ecoc4j.backends.onnx.zoo.ZooModel;

/**
 * The throughput benchmark command: training images per second (AdamW steps) and attack gradient
 * steps per second (the {@link OrtGradientOracle}) of lenet (1x28x28), cnn1 and resnet20v2
 * (3x32x32), at batch 64 and, as the baseline measured in the same run, at batch 1.
 *
 * <p>Usage: {@code ThroughputBenchmark [steps [threads [device]]]} (defaults 20, 2, cpu); see the
 * module README for the command line.
 */
public final class ThroughputBenchmark {

  private static final int BATCH = 64;
  private static final int WARMUP = 3;

  private static final List<ModelSpec> MODELS =
      List.of(
          new ModelSpec("lenet", new ImageShape(1, 28, 28), 10, 1),
          new ModelSpec("cnn1", new ImageShape(3, 32, 32), 10, 1),
          new ModelSpec("resnet20v2", new ImageShape(3, 32, 32), 10, 1));

  private final OrtSettings settings;
  private final int steps;

  /**
   * A benchmark that times {@code steps} steps (after a short warm-up) per measurement.
   *
   * @throws IllegalArgumentException for fewer than one step
   */
  public ThroughputBenchmark(OrtSettings settings, int steps) {
    if (steps < 1) {
      throw new IllegalArgumentException("steps must be positive, got " + steps);
    }
    this.settings = settings;
    this.steps = steps;
  }

  /** Runs the benchmark and prints one table row per model and batch size. */
  public static void main(String[] args) {
    int steps = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : OrtSettings.DEFAULT_THREADS;
    OrtDevice device = args.length > 2 ? OrtDevice.parse(args[2]) : OrtDevice.CPU;
    device.requireAvailable();
    new ThroughputBenchmark(new OrtSettings(device, threads), steps).run(System.out);
  }

  /** Measures every model at batch 64 and at batch 1 and prints the rows to {@code out}. */
  public void run(PrintStream out) {
    out.printf(Locale.ROOT, "device %s, %d intra-op threads, %d timed steps per figure%n",
        settings.device().name().toLowerCase(Locale.ROOT), settings.threads(), steps);
    out.printf(Locale.ROOT, "%-11s %-8s %5s %14s %15s %14s%n",
        "model", "input", "batch", "train img/s", "attack steps/s", "attack img/s");
    for (ModelSpec spec : MODELS) {
      for (int batch : new int[] {BATCH, 1}) {
        Result r = measure(spec, batch);
        out.printf(Locale.ROOT, "%-11s %-8s %5d %14.1f %15.2f %14.1f%n",
            spec.architecture(), shape(spec.input()), batch, r.trainImagesPerSecond(),
            r.attackStepsPerSecond(), r.attackStepsPerSecond() * batch);
      }
    }
  }

  /** Training images per second and attack gradient steps per second of one model and batch. */
  public record Result(double trainImagesPerSecond, double attackStepsPerSecond) {}

  /** Measures one model at one batch size on random images and labels. */
  public Result measure(ModelSpec spec, int batch) {
    ZooModel model = ModelZoo.create(spec);
    LossSpec loss = LossSpec.crossEntropy(spec.outputs());
    TrainingConfig config = TrainingConfig.adamW(1, batch, 1);
    TrainingArtifacts artifacts =
        TrainingArtifacts.build(
            model, loss, config, OptimizerSpec.adamW(config),
            Trainer.differentiator(settings.device()));
    ImageShape in = spec.input();
    SplittableRandom random = new SplittableRandom(1);
    float[] images = new float[batch * in.size()];
    long[] labels = new long[batch];
    int[] intLabels = new int[batch];
    for (int i = 0; i < images.length; i++) {
      images[i] = (float) random.nextDouble();
    }
    for (int i = 0; i < batch; i++) {
      intLabels[i] = random.nextInt(spec.outputs());
      labels[i] = intLabels[i];
    }
    double train;
    try (TrainingSession session =
            new TrainingSession(artifacts, artifacts.checkpoint(), settings);
        NativeTensor x = NativeTensor.floats(images, batch, in.channels(), in.height(), in.width());
        NativeTensor y = NativeTensor.longs(labels, batch)) {
      train = rate(() -> {
        session.trainStep(x, y);
        session.optimizerStep();
        session.lazyResetGrad();
      }) * batch;
    }
    double attack;
    try (GradientOracle oracle =
        new OrtGradientOracle(
            model, loss, CheckpointReader.read(artifacts.checkpoint()), batch, settings)) {
      float[] losses = new float[batch];
      float[] gradient = new float[batch * in.size()];
      attack = rate(() -> oracle.lossAndGradient(images, intLabels, losses, gradient));
    }
    return new Result(train, attack);
  }

  private double rate(Runnable step) {
    for (int i = 0; i < WARMUP; i++) {
      step.run();
    }
    long start = System.nanoTime();
    for (int i = 0; i < steps; i++) {
      step.run();
    }
    return steps / ((System.nanoTime() - start) / 1e9);
  }

  private static String shape(ImageShape s) {
    return s.channels() + "x" + s.height() + "x" + s.width();
  }
}
