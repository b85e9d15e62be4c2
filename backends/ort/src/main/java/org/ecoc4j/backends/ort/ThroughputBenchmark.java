package org.ecoc4j.backends.ort;

import java.io.PrintStream;
import java.util.ArrayList;
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
 * The throughput benchmark command: training images per second (AdamW steps, with the dropout
 * noise drawn for each), attack gradient steps per second ({@link
 * OrtGradientOracle#lossAndGradient}) and loss-only queries per second ({@link
 * OrtGradientOracle#losses}, what the black-box {@code square} attack calls; timed in alternating
 * blocks with the gradient steps) of lenet (1x28x28), cnn1 and resnet20v2 (3x32x32), at batch 64
 * and, as the baseline measured in the same run, at batch 1.
 *
 * <p>Usage: {@code ThroughputBenchmark [steps [threads [device [models]]]]} (defaults 20, 2, cpu,
 * all three; models as a comma-separated list of architectures); see the module README for the
 * command line.
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
    List<ModelSpec> models = args.length > 3 ? select(args[3]) : MODELS;
    device.requireAvailable();
    new ThroughputBenchmark(new OrtSettings(device, threads), steps).run(models, System.out);
  }

  /** The benchmark's models whose architectures {@code names} lists, comma-separated. */
  static List<ModelSpec> select(String names) {
    List<ModelSpec> chosen = new ArrayList<>();
    for (String name : names.split(",")) {
      ModelSpec spec = MODELS.stream()
          .filter(m -> m.architecture().equals(name.trim()))
          .findFirst()
          .orElseThrow(() -> new IllegalArgumentException(
              "unknown benchmark model '" + name.trim() + "', known: "
                  + MODELS.stream().map(ModelSpec::architecture).toList()));
      chosen.add(spec);
    }
    return chosen;
  }

  /**
   * Measures every given model at batch 64 and at batch 1 and prints the rows to {@code out}: the
   * last column is the loss-only queries per second over the gradient steps per second.
   */
  public void run(List<ModelSpec> models, PrintStream out) {
    out.printf(Locale.ROOT, "device %s, %d intra-op threads, %d timed steps per figure%n",
        settings.device().name().toLowerCase(Locale.ROOT), settings.threads(), steps);
    out.printf(Locale.ROOT, "%-11s %-8s %5s %14s %15s %14s %15s %6s%n",
        "model", "input", "batch", "train img/s", "attack steps/s", "attack img/s",
        "loss queries/s", "ratio");
    for (ModelSpec spec : models) {
      for (int batch : new int[] {BATCH, 1}) {
        Result r = measure(spec, batch);
        out.printf(Locale.ROOT, "%-11s %-8s %5d %14.1f %15.2f %14.1f %15.2f %6.2f%n",
            spec.architecture(), shape(spec.input()), batch, r.trainImagesPerSecond(),
            r.attackStepsPerSecond(), r.attackStepsPerSecond() * batch,
            r.lossQueriesPerSecond(), r.lossQueriesPerSecond() / r.attackStepsPerSecond());
      }
    }
  }

  /**
   * Rates of one model and batch: training images per second, attack gradient steps per second
   * and loss-only queries per second.
   */
  public record Result(
      double trainImagesPerSecond, double attackStepsPerSecond, double lossQueriesPerSecond) {}

  /** Measures one model at one batch size on random images and labels. */
  public Result measure(ModelSpec spec, int batch) {
    ZooModel model = ModelZoo.create(spec);
    LossSpec loss = LossSpec.crossEntropy(spec.outputs());
    TrainingConfig config = TrainingConfig.adamW(1, batch, 1);
    TrainingArtifacts artifacts =
        TrainingArtifacts.build(
            model, loss, config, OptimizerSpec.adamW(config),
            OrtTrainingEngine.differentiator(settings.device()));
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
        NativeTensor y = NativeTensor.longs(labels, batch);
        DropoutNoise noise = session.dropoutNoise()) {
      int[] step = {0};
      train = rate(() -> {
        noise.draw(1, 1, step[0]++);
        session.trainStep(x, y, noise);
        session.optimizerStep();
        session.lazyResetGrad();
      }) * batch;
    }
    double attack;
    double queries;
    try (GradientOracle oracle =
        new OrtGradientOracle(
            model, loss, CheckpointReader.read(artifacts.checkpoint()), batch, settings)) {
      float[] losses = new float[batch];
      float[] gradient = new float[batch * in.size()];
      double[] both = alternatingRates(
          () -> oracle.lossAndGradient(images, intLabels, losses, gradient),
          () -> oracle.losses(images, intLabels, losses));
      attack = both[0];
      queries = both[1];
    }
    return new Result(train, attack, queries);
  }

  /**
   * The rates of two steps timed in alternating blocks of a tenth of the steps (at least one
   * step each), so that a change of the machine's load weighs on both alike.
   */
  private double[] alternatingRates(Runnable first, Runnable second) {
    for (int i = 0; i < WARMUP; i++) {
      first.run();
      second.run();
    }
    int block = Math.max(1, steps / 10);
    long[] nanos = new long[2];
    int done = 0;
    while (done < steps) {
      int n = Math.min(block, steps - done);
      nanos[0] += timed(first, n);
      nanos[1] += timed(second, n);
      done += n;
    }
    return new double[] {steps / (nanos[0] / 1e9), steps / (nanos[1] / 1e9)};
  }

  private static long timed(Runnable step, int n) {
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      step.run();
    }
    return System.nanoTime() - start;
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
