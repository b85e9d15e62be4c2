package org.ecoc4j.backends.onnx.zoo;

import java.util.List;
import org.ecoc4j.api.backend.ModelSpec;

/**
 * DenseNet-BC (Huang et al. 2017) for small images: a 3x3 convolution of 2k filters, three dense
 * blocks of (depth - 4) / 6 bottleneck layers (batch normalization, ReLU, 1x1 convolution of 4k
 * filters, batch normalization, ReLU, 3x3 convolution of k filters, concatenated to the layer's
 * input), separated by transitions (batch normalization, ReLU, 1x1 convolution halving the
 * channels, 2x2 average pooling); then batch normalization, ReLU, global average pooling and a
 * dense layer. No convolution biases; batch normalization with epsilon 1e-5 and momentum 0.9.
 * The zoo's {@code densenet-bc} is depth 40 with growth rate k = 12.
 */
public final class DenseNetBc extends LayerPassModel {

  /** Zoo name of the depth-40, k = 12 network. */
  public static final String NAME = "densenet-bc";

  private final int layers;
  private final int growth;

  /**
   * Binds the network.
   *
   * @param depth 6n + 4 for n bottleneck layers per dense block
   * @param growth channels each bottleneck layer adds (k)
   * @throws IllegalArgumentException for another depth, a growth below 1, or images whose sides
   *     are not divisible by 4 (the two transitions pool by 2)
   */
  public DenseNetBc(ModelSpec spec, int depth, int growth, Activation activation) {
    super(spec, activation, 1e-5f, 0.9f);
    if (depth < 10 || (depth - 4) % 6 != 0) {
      throw new IllegalArgumentException("DenseNet-BC depth must be 6n + 4, got " + depth);
    }
    if (growth < 1) {
      throw new IllegalArgumentException("DenseNet-BC growth rate must be >= 1, got " + growth);
    }
    if (spec.input().height() % 4 != 0 || spec.input().width() % 4 != 0) {
      throw new IllegalArgumentException(
          "densenet-bc pools twice by 2: image sides must be multiples of 4, got " + spec.input());
    }
    this.layers = (depth - 4) / 6;
    this.growth = growth;
  }

  @Override
  String member(LayerPass pass, String p, String images) {
    int channels = 2 * growth;
    String x = pass.conv(images, p + "stem.conv", spec().input().channels(), channels, 3, 1, 1, false);
    for (int block = 0; block < 3; block++) {
      for (int layer = 0; layer < layers; layer++) {
        String l = p + "d" + block + ".l" + layer + ".";
        String y = pass.activate(pass.batchNorm(x, l + "bn1", channels));
        y = pass.conv(y, l + "conv1", channels, 4 * growth, 1, 1, 0, false);
        y = pass.activate(pass.batchNorm(y, l + "bn2", 4 * growth));
        y = pass.conv(y, l + "conv2", 4 * growth, growth, 3, 1, 1, false);
        x = pass.concatChannels(List.of(x, y));
        channels += growth;
      }
      if (block < 2) {
        String t = p + "t" + block + ".";
        int out = channels / 2;
        x = pass.activate(pass.batchNorm(x, t + "bn", channels));
        x = pass.conv(x, t + "conv", channels, out, 1, 1, 0, false);
        x = pass.averagePool2x2(x, t + "pool");
        channels = out;
      }
    }
    x = pass.activate(pass.batchNorm(x, p + "head.bn", channels));
    return pass.poolAndDense(x, p + "head.fc", channels, spec().outputs());
  }
}
