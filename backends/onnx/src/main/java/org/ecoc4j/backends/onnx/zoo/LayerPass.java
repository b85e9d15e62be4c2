package org.ecoc4j.backends.onnx.zoo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;
import org.ecoc4j.backends.onnx.graph.TensorInfo;

/**
 * One walk over a zoo architecture: each layer call records its parameters and, when a graph is
 * given, appends its nodes. Walking without a graph only collects the parameters, so the parameter
 * list and the forward graph come from the same code.
 *
 * <p>Each architecture marks where its blocks begin and end ({@link #enter}, {@link #leave}): the
 * {@link BlockBoundaries} mix the batch around the block they name and leave the other blocks as
 * they are; walking without a graph, or with {@link BlockBoundaries#NONE}, adds nothing.
 *
 * <p>Batch normalization uses batch statistics and records the running statistics' next values in
 * training, and the stored statistics otherwise; dropout runs only in training, from noise inputs
 * it declares.
 */
final class LayerPass {

  private final GraphBuilder g;
  private final BlockBoundaries boundaries;
  private final boolean training;
  private final Activation activation;
  private final float bnEpsilon;
  private final float bnMomentum;
  private final List<ParameterSpec> specs = new ArrayList<>();
  private final Map<String, String> updates = new LinkedHashMap<>();
  private final List<String> noise = new ArrayList<>();

  /**
   * @param g the graph to build into, or {@code null} to collect parameters only
   * @param boundaries where the batch is mixed around a block ({@link BlockBoundaries#NONE}
   *     when collecting parameters)
   * @param bnEpsilon batch normalization's variance epsilon
   * @param bnMomentum weight of the old running statistic in its update
   */
  LayerPass(GraphBuilder g, BlockBoundaries boundaries, boolean training, Activation activation,
      float bnEpsilon, float bnMomentum) {
    this.g = g;
    this.boundaries = boundaries;
    this.training = training;
    this.activation = activation;
    this.bnEpsilon = bnEpsilon;
    this.bnMomentum = bnMomentum;
  }

  /** Whether nodes are being built (not only parameters collected). */
  boolean building() {
    return g != null;
  }

  List<ParameterSpec> parameters() {
    return List.copyOf(specs);
  }

  Forward forward(String output) {
    return new Forward(output, updates, noise);
  }

  /** The activations {@code x} entering block {@code block} ({@link BlockBoundaries#enter}). */
  String enter(String block, String x) {
    return g == null ? x : boundaries.enter(block, x);
  }

  /** The outputs {@code x} of block {@code block} leaving it ({@link BlockBoundaries#leave}). */
  String leave(String block, String x) {
    return g == null ? x : boundaries.leave(block, x);
  }

  /** A square convolution, He-initialized, with or without a bias. */
  String conv(String x, String name, int in, int out, int kernel, int stride, int pad,
      boolean bias) {
    specs.add(ParameterSpec.weight(name + ".weight", in * kernel * kernel, out, in, kernel, kernel));
    if (bias) {
      specs.add(ParameterSpec.zeros(name + ".bias", out));
    }
    return g == null
        ? x
        : g.conv(x, name + ".weight", bias ? name + ".bias" : null, stride, pad);
  }

  String batchNorm(String x, String name, int channels) {
    String scale = name + ".scale";
    String bias = name + ".bias";
    String mean = name + ".running_mean";
    String var = name + ".running_var";
    specs.add(ParameterSpec.ones(scale, channels));
    specs.add(ParameterSpec.zeros(bias, channels));
    specs.add(ParameterSpec.statistic(mean, ParameterSpec.Fill.ZEROS, channels));
    specs.add(ParameterSpec.statistic(var, ParameterSpec.Fill.ONES, channels));
    if (g == null) {
      return x;
    }
    if (!training) {
      return g.batchNormInference(x, scale, bias, mean, var, bnEpsilon);
    }
    GraphBuilder.BatchNormed out =
        g.batchNormTraining(x, scale, bias, mean, var, bnEpsilon, bnMomentum);
    updates.put(mean, out.runningMean());
    updates.put(var, out.runningVar());
    return out.output();
  }

  String activate(String x) {
    return g == null ? x : activation.apply(g, x);
  }

  /**
   * Dropout in training with a ratio above 0: declares the graph input {@code <name>.noise} (x's
   * type and shape), which the caller feeds with uniform noise in [0, 1) for each step, and keeps
   * the elements whose noise exceeds the ratio; identity otherwise.
   */
  String dropout(String x, String name, float ratio) {
    if (g == null || !training || ratio == 0f) {
      return x;
    }
    String input = g.input(name + ".noise", g.info(x));
    noise.add(input);
    return g.dropout(x, input, ratio);
  }

  String maxPool(String x, int kernel, int stride, int padEnd) {
    return g == null ? x : g.maxPool(x, kernel, stride, padEnd).output();
  }

  /**
   * 2x2 average pooling with stride 2, composed of Reshape and ReduceMean (differentiable with
   * standard operators on every device).
   *
   * @throws IllegalArgumentException when the height or width is odd
   */
  String averagePool2x2(String x, String name) {
    if (g == null) {
      return x;
    }
    TensorInfo info = g.info(x);
    long h = info.dim(2);
    long w = info.dim(3);
    if (h % 2 != 0 || w % 2 != 0) {
      throw new IllegalArgumentException(
          name + ": 2x2 average pooling needs an even height and width, got " + h + "x" + w);
    }
    String blocks = g.reshape(x, 0, info.dim(1), h / 2, 2, w / 2, 2);
    return g.reduceMean(blocks, false, 3, 5);
  }

  String add(String a, String b) {
    return g == null ? a : g.add(a, b);
  }

  String concatChannels(List<String> parts) {
    return g == null ? parts.get(0) : g.concat(1, parts);
  }

  /** A dense layer on the flattened input. */
  String dense(String x, String name, long in, int out) {
    specs.add(ParameterSpec.weight(name + ".weight", (int) in, out, in));
    specs.add(ParameterSpec.zeros(name + ".bias", out));
    return g == null ? x : g.gemm(g.flatten(x), name + ".weight", name + ".bias", true);
  }

  /** Global average pooling, then a dense layer. */
  String poolAndDense(String x, String name, int channels, int out) {
    return dense(g == null ? x : g.globalAveragePool(x), name, channels, out);
  }

  /** The members' outputs concatenated member-major. */
  String members(List<String> outputs) {
    return g == null ? outputs.get(0) : g.concat(1, outputs);
  }
}
