package org.ecoc4j.backends.ort;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.plugin.InvalidOptionException;
import org.ecoc4j.backends.onnx.training.CheckpointReader;
import org.ecoc4j.backends.onnx.training.OptimizerSpec;
import org.ecoc4j.backends.onnx.training.TrainingArtifacts;
import org.ecoc4j.backends.onnx.zoo.ModelZoo;
import org.ecoc4j.backends.onnx.zoo.ZooModel;

/**
 * An interleaved A/B of two sets of {@code ort} backend options (for example {@code
 * conv-gradient=convgrad} against {@code conv-gradient=gemm}, {@code memory=pattern} against
 * {@code memory=lean}, or {@code threads=1} against {@code threads=2}) in one process, for a
 * machine whose load changes: both arms' sessions are open at once and start from the same
 * weights and batch; each round times one training step (AdamW, as {@link ThroughputBenchmark}
 * does) of each arm, the order swapped every round, and after each arm's step the same control
 * work (arm A's eval model on the batch), whose ratio therefore measures only the noise. Then the
 * same for attack gradient steps ({@link OrtGradientOracle#lossAndGradient}), with arm A's
 * loss-only queries as the control. Ratios are the median over rounds of {@code A time / B time}
 * (above 1: B is faster).
 *
 * <p>Usage: {@code BackendOptionsComparison MODELS BATCHES STEPS A B}, models and batches
 * comma-separated (the models of {@link BenchmarkOptions#MODELS}), each arm a comma-separated list
 * of {@code key=value} of the options in {@link #SESSION_OPTIONS}, or {@code -} for the defaults.
 * Arms that differ in {@code spinning} are not compared fairly here: the spinning arm's workers
 * take cores from the other arm between its runs; compare those in separate processes.
 */
public final class BackendOptionsComparison {

  /** The backend options an arm may set: those that change how sessions are built and run. */
  public static final Set<String> SESSION_OPTIONS =
      Set.of("device", "threads", OrtBackend.CONV_GRADIENT, OrtBackend.MEMORY,
          OrtBackend.CONV_LAYOUT, OrtBackend.SPINNING);

  private static final int WARMUP = 2;

  private final int steps;
  private final OrtSettings[] arms;

  /**
   * A comparison of arm {@code a} against arm {@code b}, timing {@code steps} rounds after {@value
   * #WARMUP} warm-up rounds.
   *
   * @throws IllegalArgumentException for fewer than one step
   */
  public BackendOptionsComparison(int steps, OrtSettings a, OrtSettings b) {
    if (steps < 1) {
      throw new IllegalArgumentException("steps must be positive, got " + steps);
    }
    this.steps = steps;
    this.arms = new OrtSettings[] {a, b};
  }

  /**
   * Median ratios (A time / B time) of one model and batch, and each arm's median milliseconds per
   * step and first training loss.
   *
   * @param training training steps
   * @param trainingControl the shared control run after each arm's training step
   * @param attack attack gradient steps
   * @param attackControl the shared loss-only queries after each arm's gradient step
   * @param trainingMsA median ms per training step, arm A
   * @param trainingMsB median ms per training step, arm B
   * @param attackMsA median ms per attack step, arm A
   * @param attackMsB median ms per attack step, arm B
   * @param lossA the first warm-up step's loss, arm A
   * @param lossB the first warm-up step's loss, arm B (the same initial weights and batch)
   */
  public record Ratios(
      double training, double trainingControl, double attack, double attackControl,
      double trainingMsA, double trainingMsB, double attackMsA, double attackMsB,
      float lossA, float lossB) {}

  /** Runs the comparison and prints one line per model and batch. */
  public static void main(String[] args) {
    if (args.length != 5) {
      System.err.println("usage: BackendOptionsComparison MODELS BATCHES STEPS A B"
          + "  (A, B: comma-separated key=value of " + SESSION_OPTIONS + ", or - for defaults)");
      System.exit(2);
      return;
    }
    List<ModelSpec> models;
    BackendOptionsComparison comparison;
    try {
      models = BenchmarkOptions.select(args[0]);
      comparison = new BackendOptionsComparison(
          Integer.parseInt(args[2]), arm(args[3]), arm(args[4]));
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    PrintStream out = System.out;
    out.printf(Locale.ROOT, "ONNX Runtime %s, A: %s, B: %s, %d rounds after %d warm-up;"
            + " ratio = median of A / B time (above 1: B is faster)%n",
        OrtRuntime.get().version, args[3], args[4], comparison.steps, WARMUP);
    for (ModelSpec spec : models) {
      for (String b : args[1].split(",")) {
        int batch = Integer.parseInt(b.trim());
        String before = loadAverage();
        Ratios r = comparison.compare(spec, batch);
        out.printf(Locale.ROOT, "%-10s b%-4d training %8.1f / %8.1f ms, ratio %.3f (control %.3f)"
                + " | attack %8.1f / %8.1f ms, ratio %.3f (control %.3f) | first loss %.6f / %.6f"
                + " | load %s -> %s%n",
            spec.architecture(), batch, r.trainingMsA, r.trainingMsB, r.training,
            r.trainingControl, r.attackMsA, r.attackMsB, r.attack, r.attackControl, r.lossA,
            r.lossB, before, loadAverage());
      }
    }
  }

  /**
   * The settings of one arm: {@code -} for the backend's defaults, else comma-separated {@code
   * key=value} of {@link #SESSION_OPTIONS}.
   *
   * @throws IllegalArgumentException for a malformed pair, an option outside {@link
   *     #SESSION_OPTIONS} or a bad value, naming it
   */
  public static OrtSettings arm(String text) {
    Map<String, String> options = new LinkedHashMap<>();
    if (!text.equals("-")) {
      for (String pair : text.split(",")) {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException(
              "arm '" + text + "': '" + pair + "' is not key=value");
        }
        String key = pair.substring(0, eq).trim();
        if (!SESSION_OPTIONS.contains(key)) {
          throw new IllegalArgumentException("arm '" + text + "': option '" + key
              + "' is not one an arm can set; they are " + SESSION_OPTIONS);
        }
        options.put(key, pair.substring(eq + 1).trim());
      }
    }
    try {
      return OrtBackend.settings(options);
    } catch (InvalidOptionException e) {
      throw new IllegalArgumentException("arm '" + text + "': " + e.getMessage(), e);
    }
  }

  /** Compares the two arms on one model at one batch size (random images and labels). */
  public Ratios compare(ModelSpec spec, int batch) {
    ZooModel model = ModelZoo.create(spec);
    LossSpec loss = LossSpec.crossEntropy(spec.outputs());
    TrainingConfig config = TrainingConfig.adamW(1, batch, 1);
    TrainingArtifacts[] artifacts = new TrainingArtifacts[2];
    for (int a = 0; a < 2; a++) {
      artifacts[a] = TrainingArtifacts.build(model, loss, config, OptimizerSpec.adamW(config),
          OrtTrainingEngine.differentiator(arms[a]));
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
            arms[0]);
        TrainingSession s1 = new TrainingSession(artifacts[1], artifacts[0].checkpoint(),
            arms[1]);
        DropoutNoise n0 = s0.dropoutNoise();
        DropoutNoise n1 = s1.dropoutNoise();
        NativeTensor x =
            NativeTensor.floats(images, batch, in.channels(), in.height(), in.width());
        NativeTensor y = NativeTensor.longs(labels, batch)) {
      TrainingSession[] sessions = {s0, s1};
      DropoutNoise[] noise = {n0, n1};
      int[] drawn = {0, 0};
      Runnable[] trainSteps = new Runnable[2];
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
      }
      interleave(trainSteps, () -> s0.scores(x), train, eval);
    }
    double[][] attack = new double[2][steps];
    double[][] queries = new double[2][steps];
    try (OrtGradientOracle o0 = new OrtGradientOracle(model, loss,
            CheckpointReader.read(artifacts[0].checkpoint()), batch, arms[0]);
        OrtGradientOracle o1 = new OrtGradientOracle(model, loss,
            CheckpointReader.read(artifacts[0].checkpoint()), batch, arms[1])) {
      OrtGradientOracle[] oracles = {o0, o1};
      float[] losses = new float[batch];
      float[] gradient = new float[batch * in.size()];
      Runnable[] gradientSteps = new Runnable[2];
      for (int a = 0; a < 2; a++) {
        OrtGradientOracle oracle = oracles[a];
        gradientSteps[a] = () -> oracle.lossAndGradient(images, intLabels, losses, gradient);
      }
      interleave(gradientSteps, () -> o0.losses(images, intLabels, losses), attack, queries);
    }
    return new Ratios(
        medianRatio(train), medianRatio(eval), medianRatio(attack), medianRatio(queries),
        median(train[0]), median(train[1]), median(attack[0]), median(attack[1]),
        firstLoss[0], firstLoss[1]);
  }

  /**
   * Times {@code steps} rounds (after the warm-up): in each, every arm runs its step and then the
   * shared control, arm A first in even rounds and arm B first in odd ones; milliseconds into
   * {@code stepMs} and {@code controlMs} [arm][round].
   */
  private void interleave(
      Runnable[] step, Runnable control, double[][] stepMs, double[][] controlMs) {
    for (int i = 0; i < WARMUP; i++) {
      for (int a = 0; a < 2; a++) {
        step[a].run();
        control.run();
      }
    }
    for (int s = 0; s < steps; s++) {
      for (int k = 0; k < 2; k++) {
        int a = (s + k) % 2;
        stepMs[a][s] = timedMs(step[a]);
        controlMs[a][s] = timedMs(control);
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
