package org.ecoc4j.backends.ort;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.backends.onnx.autodiff.ConvGradient;
import org.ecoc4j.backends.onnx.training.CheckpointReader;
import org.ecoc4j.backends.onnx.training.OptimizerSpec;
import org.ecoc4j.backends.onnx.training.TrainingArtifacts;
import org.ecoc4j.backends.onnx.zoo.ModelZoo;
import org.ecoc4j.backends.onnx.zoo.ZooModel;

/**
 * An interleaved A/B of the two Conv gradient rules ({@link ConvGradient#CONVGRAD} and {@link
 * ConvGradient#GEMM}) in one process, for a machine whose load changes: both arms' sessions are
 * open at once, each step times one training step (AdamW, as {@link ThroughputBenchmark} does) of
 * each arm, the order swapped every step, and after each arm's step its eval model (the forward
 * network, the same graph in both arms) as the control. Then the same for attack gradient steps
 * ({@link OrtGradientOracle#lossAndGradient}), with the loss-only queries (no gradient, the same
 * graph in both arms) as the control. Ratios are the median over steps of {@code convgrad time /
 * gemm time} (above 1: gemm is faster); a control ratio away from 1 measures the noise.
 *
 * <p>Usage: {@code ConvGradientComparison MODELS BATCHES STEPS [THREADS]}, models and batches
 * comma-separated (the models of {@link BenchmarkOptions#MODELS}), THREADS intra-op threads [2].
 */
public final class ConvGradientComparison {

  private static final int WARMUP = 2;

  private final int steps;
  private final int threads;

  /**
   * A comparison timing {@code steps} steps of each arm after {@value #WARMUP} warm-up steps.
   *
   * @throws IllegalArgumentException for fewer than one step or thread
   */
  public ConvGradientComparison(int steps, int threads) {
    if (steps < 1 || threads < 1) {
      throw new IllegalArgumentException(
          "steps and threads must be positive, got " + steps + ", " + threads);
    }
    this.steps = steps;
    this.threads = threads;
  }

  /**
   * Median ratios (convgrad time / gemm time) of one model and batch, and each arm's median
   * milliseconds per step and first training loss.
   *
   * @param training training steps
   * @param trainingControl the eval model run after each training step
   * @param attack attack gradient steps
   * @param attackControl loss-only queries
   * @param convGradMs median ms per training step, convgrad
   * @param gemmMs median ms per training step, gemm
   * @param convGradAttackMs median ms per attack step, convgrad
   * @param gemmAttackMs median ms per attack step, gemm
   * @param convGradLoss the first warm-up step's loss, convgrad
   * @param gemmLoss the first warm-up step's loss, gemm (the same initial weights and batch)
   */
  public record Ratios(
      double training, double trainingControl, double attack, double attackControl,
      double convGradMs, double gemmMs, double convGradAttackMs, double gemmAttackMs,
      float convGradLoss, float gemmLoss) {}

  /** Runs the comparison and prints one line per model and batch. */
  public static void main(String[] args) {
    if (args.length < 3 || args.length > 4) {
      System.err.println("usage: ConvGradientComparison MODELS BATCHES STEPS [THREADS]");
      System.exit(2);
      return;
    }
    List<ModelSpec> models = BenchmarkOptions.select(args[0]);
    int steps = Integer.parseInt(args[2]);
    int threads = args.length > 3 ? Integer.parseInt(args[3]) : OrtSettings.DEFAULT_THREADS;
    ConvGradientComparison comparison = new ConvGradientComparison(steps, threads);
    PrintStream out = System.out;
    out.printf(Locale.ROOT, "ONNX Runtime %s, %d threads, %d steps per arm after %d warm-up;"
            + " ratio = median of convgrad / gemm time (above 1: gemm is faster)%n",
        OrtRuntime.get().version, threads, steps, WARMUP);
    for (ModelSpec spec : models) {
      for (String b : args[1].split(",")) {
        int batch = Integer.parseInt(b.trim());
        String before = loadAverage();
        Ratios r = comparison.compare(spec, batch);
        out.printf(Locale.ROOT, "%-10s b%-4d training %8.1f / %8.1f ms, ratio %.3f (control %.3f)"
                + " | attack %8.1f / %8.1f ms, ratio %.3f (control %.3f) | first loss %.6f / %.6f"
                + " | load %s -> %s%n",
            spec.architecture(), batch, r.convGradMs, r.gemmMs, r.training, r.trainingControl,
            r.convGradAttackMs, r.gemmAttackMs, r.attack, r.attackControl, r.convGradLoss,
            r.gemmLoss, before, loadAverage());
      }
    }
  }

  /** Compares the two arms on one model at one batch size (random images and labels). */
  public Ratios compare(ModelSpec spec, int batch) {
    ZooModel model = ModelZoo.create(spec);
    LossSpec loss = LossSpec.crossEntropy(spec.outputs());
    TrainingConfig config = TrainingConfig.adamW(1, batch, 1);
    OrtSettings[] settings = {
      new OrtSettings(OrtDevice.CPU, threads),
      new OrtSettings(OrtDevice.CPU, threads).withConvGradient(ConvGradient.GEMM)
    };
    TrainingArtifacts[] artifacts = new TrainingArtifacts[2];
    for (int a = 0; a < 2; a++) {
      artifacts[a] = TrainingArtifacts.build(model, loss, config, OptimizerSpec.adamW(config),
          OrtTrainingEngine.differentiator(settings[a]));
    }
    SplittableRandom random = new SplittableRandom(1);
    ImageShape in = spec.input();
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
    double[][] train = new double[2][steps];
    double[][] eval = new double[2][steps];
    float[] firstLoss = new float[2];
    try (TrainingSession s0 = new TrainingSession(artifacts[0], artifacts[0].checkpoint(),
            settings[0]);
        TrainingSession s1 = new TrainingSession(artifacts[1], artifacts[0].checkpoint(),
            settings[1]);
        DropoutNoise n0 = s0.dropoutNoise();
        DropoutNoise n1 = s1.dropoutNoise();
        NativeTensor x =
            NativeTensor.floats(images, batch, in.channels(), in.height(), in.width());
        NativeTensor y = NativeTensor.longs(labels, batch)) {
      TrainingSession[] sessions = {s0, s1};
      DropoutNoise[] noise = {n0, n1};
      int[] drawn = {0, 0};
      Runnable[] trainSteps = new Runnable[2];
      Runnable[] evalSteps = new Runnable[2];
      for (int a = 0; a < 2; a++) {
        int arm = a;
        trainSteps[a] = () -> {
          noise[arm].draw(1, 1, drawn[arm]++);
          float l = sessions[arm].trainStep(x, y, noise[arm]).loss();
          if (drawn[arm] == 1) {
            firstLoss[arm] = l;
          }
          sessions[arm].optimizerStep();
          sessions[arm].lazyResetGrad();
        };
        evalSteps[a] = () -> sessions[arm].scores(x);
      }
      interleave(trainSteps, evalSteps, train, eval);
    }
    double[][] attack = new double[2][steps];
    double[][] queries = new double[2][steps];
    try (OrtGradientOracle o0 = new OrtGradientOracle(model, loss,
            CheckpointReader.read(artifacts[0].checkpoint()), batch, settings[0]);
        OrtGradientOracle o1 = new OrtGradientOracle(model, loss,
            CheckpointReader.read(artifacts[0].checkpoint()), batch, settings[1])) {
      OrtGradientOracle[] oracles = {o0, o1};
      float[] losses = new float[batch];
      float[] gradient = new float[batch * in.size()];
      Runnable[] gradientSteps = new Runnable[2];
      Runnable[] lossSteps = new Runnable[2];
      for (int a = 0; a < 2; a++) {
        OrtGradientOracle oracle = oracles[a];
        gradientSteps[a] = () -> oracle.lossAndGradient(images, intLabels, losses, gradient);
        lossSteps[a] = () -> oracle.losses(images, intLabels, losses);
      }
      interleave(gradientSteps, lossSteps, attack, queries);
    }
    return new Ratios(
        medianRatio(train), medianRatio(eval), medianRatio(attack), medianRatio(queries),
        median(train[0]), median(train[1]), median(attack[0]), median(attack[1]),
        firstLoss[0], firstLoss[1]);
  }

  /**
   * Times {@code steps} rounds (after the warm-up): in each, every arm runs its step and then its
   * control, arm 0 first in even rounds and arm 1 first in odd ones; milliseconds into {@code
   * stepMs} and {@code controlMs} [arm][round].
   */
  private void interleave(
      Runnable[] step, Runnable[] control, double[][] stepMs, double[][] controlMs) {
    for (int i = 0; i < WARMUP; i++) {
      for (int a = 0; a < 2; a++) {
        step[a].run();
        control[a].run();
      }
    }
    for (int s = 0; s < steps; s++) {
      for (int k = 0; k < 2; k++) {
        int a = (s + k) % 2;
        stepMs[a][s] = timedMs(step[a]);
        controlMs[a][s] = timedMs(control[a]);
      }
    }
  }

  private static double timedMs(Runnable r) {
    long start = System.nanoTime();
    r.run();
    return (System.nanoTime() - start) / 1e6;
  }

  /** The median over rounds of {@code ms[0][s] / ms[1][s]}. */
  static double medianRatio(double[][] ms) {
    double[] ratios = new double[ms[0].length];
    for (int s = 0; s < ratios.length; s++) {
      ratios[s] = ms[0][s] / ms[1][s];
    }
    return median(ratios);
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** The one-minute load average of {@code /proc/loadavg}, or {@code n/a} where there is none. */
  private static String loadAverage() {
    Path file = Path.of("/proc/loadavg");
    if (!Files.isReadable(file)) {
      return "n/a";
    }
    try {
      return Files.readString(file).trim().split("\\s+")[0];
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + file, e);
    }
  }
}
