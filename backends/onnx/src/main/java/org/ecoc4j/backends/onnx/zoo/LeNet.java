package org.ecoc4j.backends.onnx.zoo;

import java.util.ArrayList;
import java.util.List;
import org.ecoc4j.api.backend.ImageShape;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;
import org.ecoc4j.backends.onnx.graph.Shapes;

/**
 * LeNet-5 with ReLU and max pooling: conv 5x5 (6, padding 2) - pool 2 - conv 5x5 (16) - pool 2 -
 * dense 120 - dense 84 - dense outputs. Each member is an independent replica; the members'
 * outputs are concatenated.
 *
 * <p>The input must be at least 12x12 (the second convolution needs a 5x5 window after the first
 * pooling).
 */
public final class LeNet implements ZooModel {

  /** The zoo name. */
  public static final String NAME = "lenet";

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
      params.add(new ParameterSpec(p + "conv1.weight", new long[] {6, c, 5, 5}, c * 25));
      params.add(new ParameterSpec(p + "conv1.bias", new long[] {6}, 0));
      params.add(new ParameterSpec(p + "conv2.weight", new long[] {16, 6, 5, 5}, 6 * 25));
      params.add(new ParameterSpec(p + "conv2.bias", new long[] {16}, 0));
      params.add(new ParameterSpec(p + "fc1.weight", new long[] {120, flat}, (int) flat));
      params.add(new ParameterSpec(p + "fc1.bias", new long[] {120}, 0));
      params.add(new ParameterSpec(p + "fc2.weight", new long[] {84, 120}, 120));
      params.add(new ParameterSpec(p + "fc2.bias", new long[] {84}, 0));
      params.add(new ParameterSpec(p + "fc3.weight", new long[] {spec.outputs(), 84}, 84));
      params.add(new ParameterSpec(p + "fc3.bias", new long[] {spec.outputs()}, 0));
    }
    return params;
  }

  @Override
  public String forward(GraphBuilder g, String images) {
    List<String> outs = new ArrayList<>();
    for (int m = 0; m < spec.members(); m++) {
      String p = prefix(m);
      String x = g.conv(images, p + "conv1.weight", p + "conv1.bias", 1, 2);
      x = g.maxPool(g.relu(x), 2, 2).output();
      x = g.conv(x, p + "conv2.weight", p + "conv2.bias", 1, 0);
      x = g.maxPool(g.relu(x), 2, 2).output();
      x = g.flatten(x);
      x = g.relu(g.gemm(x, p + "fc1.weight", p + "fc1.bias", true));
      x = g.relu(g.gemm(x, p + "fc2.weight", p + "fc2.bias", true));
      outs.add(g.gemm(x, p + "fc3.weight", p + "fc3.bias", true));
    }
    return g.concat(1, outs);
  }

  private static String prefix(int member) {
    return "m" + member + ".";
  }
}
