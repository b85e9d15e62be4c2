package org.ecoc4j.backends.ort;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Times one training-mode batch normalization layer forward and backward in its two forms (the
 * sums form {@link org.ecoc4j.backends.onnx.graph.GraphBuilder#batchNormTraining} uses with a
 * fixed batch, and the centered form), alternating the two step by step in one process, and
 * prints milliseconds per step and the ratio centered / sums (above 1: the sums form is faster).
 *
 * <p>Usage: {@code BatchNormFormBenchmark [N C H W] [steps] [threads]}, by default 64 64 16 16,
 * 50 steps, 2 threads.
 */
public final class BatchNormFormBenchmark {

  private BatchNormFormBenchmark() {}

  /** Runs the comparison; see the class comment for the arguments. */
  public static void main(String[] args) {
    long[] shape = {64, 64, 16, 16};
    int steps = 50;
    int threads = OrtSettings.DEFAULT_THREADS;
    if (args.length != 0 && args.length != 4 && args.length != 5 && args.length != 6) {
      System.err.println("usage: BatchNormFormBenchmark [N C H W] [steps] [threads]");
      System.exit(2);
      return;
    }
    for (int i = 0; i < Math.min(4, args.length); i++) {
      shape[i] = Long.parseLong(args[i]);
    }
    if (args.length > 4) {
      steps = Integer.parseInt(args[4]);
    }
    if (args.length > 5) {
      threads = Integer.parseInt(args[5]);
    }
    double[] ms = time(shape, steps, new OrtSettings(OrtDevice.CPU, threads));
    System.out.printf(Locale.ROOT, "batch normalization forward + backward, x %dx%dx%dx%d,"
            + " %d threads, %d steps each, alternating: centered %.3f ms, sums %.3f ms,"
            + " centered / sums %.2f%n",
        shape[0], shape[1], shape[2], shape[3], threads, steps, ms[0], ms[1], ms[0] / ms[1]);
  }

  /** Milliseconds per step of the centered and the sums form, timed alternately. */
  static double[] time(long[] shape, int steps, OrtSettings settings) {
    int c = (int) shape[1];
    int size = (int) (shape[0] * shape[1] * shape[2] * shape[3]);
    SplittableRandom random = new SplittableRandom(3);
    float[] x = new float[size];
    for (int i = 0; i < size; i++) {
      x[i] = (float) random.nextGaussian(0.5, 1);
    }
    float[] scale = new float[c];
    float[] bias = new float[c];
    float[] mean = new float[c];
    float[] var = new float[c];
    for (int i = 0; i < c; i++) {
      scale[i] = (float) random.nextDouble(0.5, 1.5);
      bias[i] = (float) random.nextDouble(-0.5, 0.5);
      var[i] = 1f;
    }
    Map<String, NativeTensor> feeds = BatchNormFormGraph.feeds(x, scale, bias, mean, var, shape);
    long[] nanos = new long[2];
    List<BatchNormFormGraph.Form> forms =
        List.of(BatchNormFormGraph.Form.CENTERED, BatchNormFormGraph.Form.SUMS);
    try (InferenceSession centered = new InferenceSession(
            BatchNormFormGraph.model(forms.get(0), shape[0], shape[1], shape[2], shape[3]),
            settings);
        InferenceSession sums = new InferenceSession(
            BatchNormFormGraph.model(forms.get(1), shape[0], shape[1], shape[2], shape[3]),
            settings)) {
      InferenceSession[] sessions = {centered, sums};
      for (int i = 0; i < 3; i++) {
        BatchNormFormGraph.run(centered, feeds);
        BatchNormFormGraph.run(sums, feeds);
      }
      for (int i = 0; i < steps; i++) {
        for (int k = 0; k < 2; k++) {
          int which = (i + k) % 2;
          long start = System.nanoTime();
          BatchNormFormGraph.run(sessions[which], feeds);
          nanos[which] += System.nanoTime() - start;
        }
      }
    } finally {
      feeds.values().forEach(NativeTensor::close);
    }
    return new double[] {nanos[0] / 1e6 / steps, nanos[1] / 1e6 / steps};
  }
}
