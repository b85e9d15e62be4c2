package org.ecoc4j.backends.onnx.zoo;

import org.ecoc4j.api.backend.ModelSpec;

/**
 * The CIFAR ResNet of He et al. 2016 ("Deep Residual Learning", section 4.2), depth 6n + 2: a 3x3
 * convolution of 16 filters, three stages of n basic blocks (two 3x3 convolutions with batch
 * normalization, ReLU after the first and after the residual sum) with 16, 32 and 64 filters, the
 * first block of stages 2 and 3 striding by 2 with a 1x1 convolution and batch normalization as
 * its shortcut (option B), then global average pooling and a dense layer. Convolutions have no
 * bias (batch normalization follows each). Batch normalization uses epsilon 1e-5 and momentum 0.9.
 */
public final class ResNetV1 extends LayerPassModel {

  /** Zoo name of the depth-32 network (n = 5). */
  public static final String NAME_32 = "resnet32";

  private final int blocks;

  /**
   * Binds the network, with ReLU or ELU (for finite-difference checks).
   *
   * @param depth 6n + 2
   * @throws IllegalArgumentException for another depth or images smaller than 4x4
   */
  public ResNetV1(ModelSpec spec, int depth, Activation activation) {
    super(spec, activation, 1e-5f, 0.9f);
    if (depth < 8 || (depth - 2) % 6 != 0) {
      throw new IllegalArgumentException("ResNet depth must be 6n + 2, got " + depth);
    }
    if (spec.input().height() < 4 || spec.input().width() < 4) {
      throw new IllegalArgumentException("resnet needs images of at least 4x4, got " + spec.input());
    }
    this.blocks = (depth - 2) / 6;
  }

  @Override
  String member(LayerPass pass, String p, String images) {
    String x = pass.conv(images, p + "stem.conv", spec().input().channels(), 16, 3, 1, 1, false);
    x = pass.activate(pass.batchNorm(x, p + "stem.bn", 16));
    int channels = 16;
    for (int stage = 0; stage < 3; stage++) {
      int filters = 16 << stage;
      for (int block = 0; block < blocks; block++) {
        String b = p + "s" + stage + ".b" + block + ".";
        int stride = stage > 0 && block == 0 ? 2 : 1;
        String y = pass.conv(x, b + "conv1", channels, filters, 3, stride, 1, false);
        y = pass.activate(pass.batchNorm(y, b + "bn1", filters));
        y = pass.conv(y, b + "conv2", filters, filters, 3, 1, 1, false);
        y = pass.batchNorm(y, b + "bn2", filters);
        String shortcut = x;
        if (stride != 1 || channels != filters) {
          shortcut = pass.conv(x, b + "shortcut", channels, filters, 1, stride, 0, false);
          shortcut = pass.batchNorm(shortcut, b + "shortcut.bn", filters);
        }
        x = pass.activate(pass.add(shortcut, y));
        channels = filters;
      }
    }
    return pass.poolAndDense(x, p + "head.fc", channels, spec().outputs());
  }
}
