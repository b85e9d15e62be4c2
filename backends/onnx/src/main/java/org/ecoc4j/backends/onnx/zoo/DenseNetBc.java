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
 *
 * <p>Its blocks, around one of which a batch may be mixed ({@link #blocks()}): {@code stem} (the
 * first convolution), {@code dense1}, {@code transition1}, {@code dense2}, {@code transition2},
 * {@code dense3} (the dense blocks, parameters {@code d0.*} to {@code d2.*}, and the transitions,
 * {@code t0.*} and {@code t1.*}) and {@code head} (the final batch normalization and ReLU, global
 * average pooling and the dense layer).
 */
public final class DenseNetBc extends LayerPassModel {

  /** Zoo name of the depth-40, k = 12 network. */
  public static final String NAME = "densenet-bc";

  private static final List<String> BLOCKS = List.of(
      STEM, "dense1", "transition1", "dense2", "transition2", "dense3", HEAD);

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
  public List<String> blocks() {
    return BLOCKS;
  }

  @Override
  String member(LayerPass pass, String p, String images) {
    int channels = 2 * growth;
    String x = pass.enter(STEM, images);
    x = pass.conv(x, p + "stem.conv", spec().input().channels(), channels, 3, 1, 1, false);
    x = pass.leave(STEM, x);
    for (int block = 0; block < 3; block++) {
      String dense = BLOCKS.get(1 + 2 * block);
      x = pass.enter(dense, x);
      for (int layer = 0; layer < layers; layer++) {
        String l = p + "d" + block + ".l" + layer + ".";
        String y = pass.activate(pass.batchNorm(x, l + "bn1", channels));
        y = pass.conv(y, l + "conv1", channels, 4 * growth, 1, 1, 0, false);
        y = pass.activate(pass.batchNorm(y, l + "bn2", 4 * growth));
        y = pass.conv(y, l + "conv2", 4 * growth, growth, 3, 1, 1, false);
        x = pass.concatChannels(List.of(x, y));
        channels += growth;
      }
      x = pass.leave(dense, x);
      if (block < 2) {
        String transition = BLOCKS.get(2 + 2 * block);
        String t = p + "t" + block + ".";
        int out = channels / 2;
        x = pass.activate(pass.batchNorm(pass.enter(transition, x), t + "bn", channels));
        x = pass.conv(x, t + "conv", channels, out, 1, 1, 0, false);
        x = pass.leave(transition, pass.averagePool2x2(x, t + "pool"));
        channels = out;
      }
    }
    x = pass.activate(pass.batchNorm(pass.enter(HEAD, x), p + "head.bn", channels));
    return pass.leave(HEAD, pass.poolAndDense(x, p + "head.fc", channels, spec().outputs()));
  }
}
