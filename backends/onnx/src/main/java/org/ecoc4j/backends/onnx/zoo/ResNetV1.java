package org.ecoc4j.backends.onnx.zoo;

import java.util.List;
import org.ecoc4j.api.backend.ModelSpec;

/**
 * The CIFAR ResNet of He et al. 2016 ("Deep Residual Learning", section 4.2), depth 6n + 2: a 3x3
 * convolution of 16 filters, three stages of n basic blocks (two 3x3 convolutions with batch
 * normalization, ReLU after the first and after the residual sum) with 16, 32 and 64 filters, the
 * first block of stages 2 and 3 striding by 2 with a 1x1 convolution and batch normalization as
 * its shortcut (option B), then global average pooling and a dense layer. Convolutions have no
 * bias (batch normalization follows each). Batch normalization uses epsilon 1e-5 and momentum 0.9.
 *
 * <p>Its blocks, around one of which a batch may be mixed ({@link #blocks()}): {@code stem} (the
 * first convolution, its batch normalization and ReLU), {@code stage1}, {@code stage2} and {@code
 * stage3} (the n basic blocks of 16, 32 and 64 filters, parameters {@code s0.*}, {@code s1.*},
 * {@code s2.*}) and {@code head} (global average pooling and the dense layer).
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
  public List<String> blocks() {
    return STAGES;
  }

  @Override
  String member(LayerPass pass, String p, String images) {
    String x = pass.enter(STEM, images);
    x = pass.conv(x, p + "stem.conv", spec().input().channels(), 16, 3, 1, 1, false);
    x = pass.leave(STEM, pass.activate(pass.batchNorm(x, p + "stem.bn", 16)));
    int channels = 16;
    for (int stage = 0; stage < 3; stage++) {
      String stageBlock = STAGES.get(stage + 1);
      x = pass.enter(stageBlock, x);
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
      x = pass.leave(stageBlock, x);
    }
    x = pass.enter(HEAD, x);
    return pass.leave(HEAD, pass.poolAndDense(x, p + "head.fc", channels, spec().outputs()));
  }
}
