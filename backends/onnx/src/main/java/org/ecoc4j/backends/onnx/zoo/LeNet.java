package org.ecoc4j.backends.onnx.zoo;

import java.util.ArrayList;
import java.util.List;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;
import org.ecoc4j.backends.onnx.graph.Shapes;

/**
 * LeNet-5 with ReLU and max pooling: conv 5x5 (6, padding 2) - pool 2 - conv 5x5 (16) - pool 2 -
 * dense 120 - dense 84 - dense outputs. Each member is an independent replica; the members'
 * outputs are concatenated.
 *
 * <p>Its blocks, around one of which a batch may be mixed ({@link #blocks()}): {@code conv1},
 * {@code conv2} and {@code head}.
 *
 * <p>The input must be at least 12x12 (the second convolution needs a 5x5 window after the first
 * pooling).
 */
public final class LeNet implements ZooModel {

  /** The zoo name. */
  public static final String NAME = "lenet";

  private static final String CONV1 = "conv1";
  private static final String CONV2 = "conv2";
  private static final String HEAD = "head";
  private static final List<String> BLOCKS = List.of(CONV1, CONV2, HEAD);

  private final ModelSpec spec;
  private final long flat;

  /**
   * Binds LeNet to a spec.
   *
   * @throws IllegalArgumentException for an input too small for the two convolutions
   */
  public LeNet(ModelSpec spec) {
    this.spec = spec;
    ImageShape in = spec.input();
    long h = spatial(in.height(), "height");
    long w = spatial(in.width(), "width");
    this.flat = 16 * h * w;
  }

  private static long spatial(int size, String what) {
    try {
      long s = Shapes.windowOutput(size, 5, 1, 2, "lenet conv1 " + what);
      s = Shapes.windowOutput(s, 2, 2, 0, "lenet pool1 " + what);
      s = Shapes.windowOutput(s, 5, 1, 0, "lenet conv2 " + what);
      return Shapes.windowOutput(s, 2, 2, 0, "lenet pool2 " + what);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "lenet needs images of at least 12x12, got " + what + " " + size, e);
    }
  }

  @Override
  public ModelSpec spec() {
    return spec;
  }

  @Override
  public List<ParameterSpec> parameters() {
    int c = spec.input().channels();
    List<ParameterSpec> params = new ArrayList<>();
    for (int m = 0; m < spec.members(); m++) {
      String p = prefix(m);
      params.add(ParameterSpec.weight(p + "conv1.weight", c * 25, 6, c, 5, 5));
      params.add(ParameterSpec.zeros(p + "conv1.bias", 6));
      params.add(ParameterSpec.weight(p + "conv2.weight", 6 * 25, 16, 6, 5, 5));
      params.add(ParameterSpec.zeros(p + "conv2.bias", 16));
      params.add(ParameterSpec.weight(p + "fc1.weight", (int) flat, 120, flat));
      params.add(ParameterSpec.zeros(p + "fc1.bias", 120));
      params.add(ParameterSpec.weight(p + "fc2.weight", 120, 84, 120));
      params.add(ParameterSpec.zeros(p + "fc2.bias", 84));
      params.add(ParameterSpec.weight(p + "fc3.weight", 84, spec.outputs(), 84));
      params.add(ParameterSpec.zeros(p + "fc3.bias", spec.outputs()));
    }
    return params;
  }

  /**
   * {@code conv1} (convolution, ReLU, pooling), {@code conv2} (the same) and {@code head} (the
   * flattening and the three dense layers): they follow one another, nothing between them.
   */
  @Override
  public List<String> blocks() {
    return BLOCKS;
  }

  @Override
  public Forward network(GraphBuilder g, String images, boolean training) {
    return network(g, images, training, BlockBoundaries.NONE);
  }

  @Override
  public Forward network(
      GraphBuilder g, String images, boolean training, BlockBoundaries boundaries) {
    List<String> outs = new ArrayList<>();
    for (int m = 0; m < spec.members(); m++) {
      String p = prefix(m);
      String x = boundaries.enter(CONV1, images);
      x = g.conv(x, p + "conv1.weight", p + "conv1.bias", 1, 2);
      x = boundaries.leave(CONV1, g.maxPool(g.relu(x), 2, 2).output());
      x = g.conv(boundaries.enter(CONV2, x), p + "conv2.weight", p + "conv2.bias", 1, 0);
      x = boundaries.leave(CONV2, g.maxPool(g.relu(x), 2, 2).output());
      x = g.flatten(boundaries.enter(HEAD, x));
      x = g.relu(g.gemm(x, p + "fc1.weight", p + "fc1.bias", true));
      x = g.relu(g.gemm(x, p + "fc2.weight", p + "fc2.bias", true));
      outs.add(boundaries.leave(HEAD, g.gemm(x, p + "fc3.weight", p + "fc3.bias", true)));
    }
    return Forward.of(g.concat(1, outs));
  }

  private static String prefix(int member) {
    return "m" + member + ".";
  }
}
