package org.ecoc4j.backends.ort;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.ecoc4j.backends.onnx.autodiff.Differentiator;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;
import org.ecoc4j.backends.onnx.graph.TensorInfo;

/**
 * One training-mode batch normalization layer with its backward pass, as a graph ONNX Runtime
 * runs: inputs {@code x} [N, C, H, W], {@code scale}, {@code bias}, {@code mean}, {@code var}
 * [C]; outputs the normalized {@code y}, the running statistics' next values, the loss {@code
 * sum(y * R)} (R fixed random weights) and its gradients with respect to {@code x}, {@code scale}
 * and {@code bias}. Built in either of {@link GraphBuilder}'s forms, so that the two can be
 * compared ({@code BatchNormFormsTest}) and timed side by side ({@link BatchNormFormBenchmark}).
 */
final class BatchNormFormGraph {

  /** The form of batch normalization the graph is built with. */
  enum Form {
    /** {@link GraphBuilder#batchNormTraining} with a fixed batch: the sums form. */
    SUMS,
    /** {@link GraphBuilder#batchNormTrainingCentered}. */
    CENTERED
  }

  /** The graph's outputs, in the order {@link #run} returns them. */
  static final List<String> OUTPUTS =
      List.of("y", "next_mean", "next_var", "loss", "x_grad", "scale_grad", "bias_grad");

  static final float EPSILON = 1e-3f;
  static final float MOMENTUM = 0.9f;

  private BatchNormFormGraph() {}

  /** The serialized model of one form for x of shape [n, c, h, w]. */
  static byte[] model(Form form, long n, long c, long h, long w) {
    GraphBuilder g = new GraphBuilder();
    g.input("x", TensorInfo.floats(n, c, h, w));
    for (String name : List.of("scale", "bias", "mean", "var")) {
      g.input(name, TensorInfo.floats(c));
    }
    GraphBuilder.BatchNormed bn = form == Form.SUMS
        ? g.batchNormTraining("x", "scale", "bias", "mean", "var", EPSILON, MOMENTUM)
        : g.batchNormTrainingCentered("x", "scale", "bias", "mean", "var", EPSILON, MOMENTUM);
    float[] weights = new float[(int) (n * c * h * w)];
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < weights.length; i++) {
      weights[i] = (float) random.nextDouble(-1, 1);
    }
    String loss = g.reduceSum(g.mul(bn.output(), g.constant("weights", weights, n, c, h, w)), false);
    Map<String, String> grads = Differentiator.standard()
        .differentiate(g, loss, List.of("x", "scale", "bias"), name -> name + "_gradient");
    g.output(g.identityNamed(bn.output(), "y"));
    g.output(g.identityNamed(bn.runningMean(), "next_mean"));
    g.output(g.identityNamed(bn.runningVar(), "next_var"));
    g.output(g.identityNamed(loss, "loss"));
    g.output(g.identityNamed(grads.get("x"), "x_grad"));
    g.output(g.identityNamed(grads.get("scale"), "scale_grad"));
    g.output(g.identityNamed(grads.get("bias"), "bias_grad"));
    return g.model("batch_norm_" + form.name().toLowerCase(java.util.Locale.ROOT)).toByteArray();
  }

  /**
   * The feeds of a model of shape [n, c, h, w]: x, scale, bias, mean and var as native tensors
   * (the caller closes them).
   */
  static Map<String, NativeTensor> feeds(
      float[] x, float[] scale, float[] bias, float[] mean, float[] var, long... shape) {
    Map<String, NativeTensor> feeds = new LinkedHashMap<>();
    feeds.put("x", NativeTensor.floats(x, shape));
    long c = shape[1];
    feeds.put("scale", NativeTensor.floats(scale, c));
    feeds.put("bias", NativeTensor.floats(bias, c));
    feeds.put("mean", NativeTensor.floats(mean, c));
    feeds.put("var", NativeTensor.floats(var, c));
    return feeds;
  }

  /** Runs a session of one form's model and returns {@link #OUTPUTS}' values. */
  static List<float[]> run(InferenceSession session, Map<String, NativeTensor> feeds) {
    List<float[]> values = new ArrayList<>();
    for (HostTensor t : session.run(feeds, OUTPUTS)) {
      values.add(t.values());
    }
    return values;
  }
}
