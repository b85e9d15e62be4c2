package org.ecoc4j.backends.ort;

import java.util.SplittableRandom;
import org.ecoc4j.api.backend.GradientOracle;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.backends.onnx.training.Checkpoint;
import org.ecoc4j.backends.onnx.training.OptimizerSpec;
import org.ecoc4j.backends.onnx.training.TrainingArtifacts;
import org.ecoc4j.backends.onnx.zoo.ModelZoo;
import org.ecoc4j.backends.onnx.zoo.ZooModel;

/**
 * The throughput benchmark command: ecoc4j beside PyTorch on the same networks, batches and thread
 * counts, with ratios (ecoc4j / PyTorch, above 1: ecoc4j is faster). ecoc4j's side measures
 * training images per second (AdamW steps, with the dropout noise drawn for each), attack gradient
 * steps per second ({@link OrtGradientOracle#lossAndGradient}) and loss-only queries per second
 * ({@link OrtGradientOracle#losses}, what the black-box {@code square} attack calls; timed in
 * alternating blocks with the gradient steps); the PyTorch side is {@code
 * benchmarks/python/throughput.py} run by {@link PyTorchSide}, skipped (and said so) where the
 * interpreter has no torch. Each figure is the best of the rounds, the two sides alternating.
 * With {@code --memory on} (the default) the peak resident memory of training and that of attack
 * steps are measured on both sides in child processes ({@link PeakMemory}); with {@code --members
 * M} each model is also measured as an ensemble of M members in one graph ({@link EnsembleCost}).
 * With {@code --profile} ONNX Runtime profiles every session and the top operators of the training
 * graph and of the attack graph are printed for each model and batch, with the share of a training
 * step spent in the optimizer step (timed in Java: ONNX Runtime writes the training, eval and
 * optimizer sessions' profiles to one file name, where the training graph's overwrites the
 * others'). Every figure times at least its steps and at least the minimum seconds (more steps
 * where the steps alone take less), after a warm-up of at least three steps and a quarter of that
 * time: millisecond steps (lenet) timed over a few steps scatter by tens of per cent between runs.
 *
 * <p>Usage: see {@link BenchmarkOptions#USAGE} and the module README.
 */
public final class ThroughputBenchmark {

  private static final int WARMUP = 3;
  private static final long SEED = 1;

  private final OrtSettings settings;
  private final int steps;
  private final long minNanos;

  /**
   * A benchmark that times at least {@code steps} steps, and at least {@code minSeconds} of them,
   * per measurement, after a warm-up of at least three steps and a quarter of {@code minSeconds}.
   *
   * @param minSeconds the least timed seconds per figure; 0 times exactly {@code steps} steps
   *     after three warm-up steps (as {@link PeakMemory}'s children do)
   * @throws IllegalArgumentException for fewer than one step, or a minimum that is negative, NaN
   *     or infinite
   */
  public ThroughputBenchmark(OrtSettings settings, int steps, double minSeconds) {
    if (steps < 1) {
      throw new IllegalArgumentException("steps must be positive, got " + steps);
    }
    if (!isMinSeconds(minSeconds)) {
      throw new IllegalArgumentException(
          "the least timed seconds must be a finite number of at least 0, got " + minSeconds);
    }
    this.settings = settings;
    this.steps = steps;
    this.minNanos = Math.round(minSeconds * 1e9);
  }

  /** Whether {@code seconds} can be a least timed time per figure: finite and at least 0. */
  static boolean isMinSeconds(double seconds) {
    return seconds >= 0 && !Double.isInfinite(seconds);
  }

  /** Runs the benchmark command; a bad option prints the usage and exits with status 2. */
  public static void main(String[] args) {
    BenchmarkOptions options;
    try {
      options = BenchmarkOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    options.device().requireAvailable();
    SideBySide.run(options, System.out);
  }

  /**
   * Rates of one model and batch: training images per second, attack gradient steps per second
   * and loss-only queries per second, and the share of a training step's time spent in the
   * optimizer step.
   */
  public record Result(
      double trainImagesPerSecond,
      double attackStepsPerSecond,
      double lossQueriesPerSecond,
      double optimizerShare) {

    /** The better of two results, figure by figure. */
    Result best(Result other) {
      return other == null ? this : new Result(
          Math.max(trainImagesPerSecond, other.trainImagesPerSecond),
          Math.max(attackStepsPerSecond, other.attackStepsPerSecond),
          Math.max(lossQueriesPerSecond, other.lossQueriesPerSecond),
          optimizerShare);
    }
  }

  /** Measures one model at one batch size on random images and labels. */
  public Result measure(ModelSpec spec, int batch) {
    Workload w = new Workload(spec, batch);
    long[] nanos = {0, 0};
    double train = training(w, nanos) * batch;
    double optimizerShare = (double) nanos[0] / nanos[1];
    double[] attack = attacking(w);
    return new Result(train, attack[0], attack[1], optimizerShare);
  }

  /**
   * Runs the warm-up and the timed training steps of one model at one batch size, without the
   * attack, as {@link PeakMemory}'s child JVM does; returns training images per second.
   */
  double train(ModelSpec spec, int batch) {
    return training(new Workload(spec, batch), new long[2]) * batch;
  }

  /**
   * Runs the warm-up and the timed attack steps (gradient steps alternating with loss-only
   * queries) of one model at one batch size on its initial weights, without training, as {@link
   * PeakMemory}'s child JVM does; returns attack gradient steps and loss-only queries per second.
   */
  double[] attack(ModelSpec spec, int batch) {
    return attacking(new Workload(spec, batch));
  }

  /**
   * Attack gradient steps and loss-only queries per second on the model's initial weights (no
   * training artifacts are built), timed in alternating blocks.
   */
  private double[] attacking(Workload w) {
    try (GradientOracle oracle =
        new OrtGradientOracle(
            w.model, w.loss, Checkpoint.initial(w.model, w.model.parameters(), SEED), w.batch,
            settings)) {
      float[] losses = new float[w.batch];
      float[] gradient = new float[w.batch * w.spec.input().size()];
      return alternatingRates(
          () -> oracle.lossAndGradient(w.images, w.intLabels, losses, gradient),
          () -> oracle.losses(w.images, w.intLabels, losses));
    }
  }

  /**
   * Training steps per second; adds the nanoseconds spent in the optimizer step to {@code
   * nanos[0]} and those of whole steps to {@code nanos[1]}.
   */
  private double training(Workload w, long[] nanos) {
    ImageShape in = w.spec.input();
    TrainingConfig config = TrainingConfig.adamW(1, w.batch, SEED);
    TrainingArtifacts artifacts = TrainingArtifacts.build(
        w.model, w.loss, config, OptimizerSpec.adamW(config),
        OrtTrainingEngine.differentiator(settings));
    try (TrainingSession session =
            new TrainingSession(artifacts, artifacts.checkpoint(), settings);
        NativeTensor x =
            NativeTensor.floats(w.images, w.batch, in.channels(), in.height(), in.width());
        NativeTensor y = NativeTensor.longs(w.labels, w.batch);
        DropoutNoise noise = session.dropoutNoise()) {
      int[] step = {0};
      return rate(() -> {
        long start = System.nanoTime();
        noise.draw(1, 1, step[0]++);
        session.trainStep(x, y, noise);
        long optimizer = System.nanoTime();
        session.optimizerStep();
        long end = System.nanoTime();
        session.lazyResetGrad();
        nanos[0] += end - optimizer;
        nanos[1] += end - start;
      });
    }
  }

  /** One model, its loss and a batch of random images and labels. */
  private static final class Workload {
    final ModelSpec spec;
    final int batch;
    final ZooModel model;
    final LossSpec loss;
    final float[] images;
    final long[] labels;
    final int[] intLabels;

    Workload(ModelSpec spec, int batch) {
      this.spec = spec;
      this.batch = batch;
      model = ModelZoo.create(spec);
      loss = LossSpec.crossEntropy(spec.outputs());
      SplittableRandom random = new SplittableRandom(SEED);
      images = new float[batch * spec.input().size()];
      labels = new long[batch];
      intLabels = new int[batch];
      for (int i = 0; i < images.length; i++) {
        images[i] = (float) random.nextDouble();
      }
      for (int i = 0; i < batch; i++) {
        intLabels[i] = random.nextInt(spec.outputs());
        labels[i] = intLabels[i];
      }
    }
  }

  /**
   * The rates of two steps timed in alternating blocks of a tenth of the steps (at least one
   * step each), so that a change of the machine's load weighs on both alike; blocks follow until
   * the steps are done and the first step's blocks took the minimum time.
   */
  double[] alternatingRates(Runnable first, Runnable second) {
    warmUp(first, second);
    int block = Math.max(1, steps / 10);
    long[] nanos = new long[2];
    int done = 0;
    while (done < steps || nanos[0] < minNanos) {
      int n = done < steps ? Math.min(block, steps - done) : block;
      nanos[0] += timed(first, n);
      nanos[1] += timed(second, n);
      done += n;
    }
    return new double[] {done / (nanos[0] / 1e9), done / (nanos[1] / 1e9)};
  }

  /** The rate of {@code step}: at least the steps, and steps until the minimum time passed. */
  double rate(Runnable step) {
    warmUp(step);
    long start = System.nanoTime();
    int done = 0;
    long elapsed = 0;
    while (done < steps || elapsed < minNanos) {
      step.run();
      done++;
      elapsed = System.nanoTime() - start;
    }
    return done / (elapsed / 1e9);
  }

  /** Runs each step {@value #WARMUP} times, and on until a quarter of the minimum time passed. */
  private void warmUp(Runnable... work) {
    long start = System.nanoTime();
    for (int i = 0; i < WARMUP || System.nanoTime() - start < minNanos / 4; i++) {
      for (Runnable step : work) {
        step.run();
      }
    }
  }

  private static long timed(Runnable step, int n) {
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      step.run();
    }
    return System.nanoTime() - start;
  }
}
