package org.ecoc4j.backends.onnx.zoo;

import java.util.List;
import org.ecoc4j.api.backend.ModelSpec;

/**
 * The pre-activation ResNet v2 with bottleneck blocks of the Keras CIFAR-10 example, as used by
 * the error-detecting output codes paper ("ResNet20v2", about 574 thousand parameters): a 3x3
 * stem of 16 filters, three stages of {@code (depth - 2) / 9} bottleneck blocks (1x1, 3x3, 1x1
 * convolutions behind batch normalization and ReLU; 64, 128, 256 output filters; the first block
 * of stages 2 and 3 strides by 2; the first block of each stage has a 1x1 projection shortcut),
 * then batch normalization, ReLU, global average pooling and a dense layer (the nonlinearity can be
 * ELU instead). Convolutions have
 * biases, as in Keras. Batch normalization uses epsilon 1e-3 and running statistics with
 * momentum 0.9.
 *
 * <p>Its blocks, around one of which a batch may be mixed ({@link #blocks()}): {@code stem} (the
 * first convolution, its batch normalization and ReLU), {@code stage1}, {@code stage2} and {@code
 * stage3} (the bottleneck blocks of 64, 128 and 256 output filters, parameters {@code s0.*},
 * {@code s1.*}, {@code s2.*}) and {@code head} (the final batch normalization and ReLU, global
 * average pooling and the dense layer).
 */
public final class ResNetV2 extends LayerPassModel {

  /** The zoo name of the depth-20 network. */
  public static final String NAME_20 = "resnet20v2";

  private static final float EPSILON = 1e-3f;
  private static final float MOMENTUM = 0.9f;

  private final int blocksPerStage;

  /**
   * Binds the network, with ReLU, to a spec.
   *
   * @param depth 9n + 2 for n bottleneck blocks per stage
   * @throws IllegalArgumentException for another depth or images too small for two stride-2
   *     stages
   */
  public ResNetV2(ModelSpec spec, int depth) {
    this(spec, depth, Activation.RELU);
  }

  /**
   * Binds the network to a spec, with another nonlinearity (ELU makes the network continuously
   * differentiable, which finite-difference checks need).
   *
   * @param depth 9n + 2 for n bottleneck blocks per stage
   * @throws IllegalArgumentException for another depth or images too small for two stride-2
   *     stages
   */
  public ResNetV2(ModelSpec spec, int depth, Activation activation) {
    super(spec, activation, EPSILON, MOMENTUM);
    if (depth < 11 || (depth - 2) % 9 != 0) {
      throw new IllegalArgumentException("ResNet v2 depth must be 9n + 2, got " + depth);
    }
    if (spec.input().height() < 4 || spec.input().width() < 4) {
      throw new IllegalArgumentException(
          "resnet v2 needs images of at least 4x4, got " + spec.input());
    }
    this.blocksPerStage = (depth - 2) / 9;
  }

  @Override
  public List<String> blocks() {
    return STAGES;
  }

  @Override
  String member(LayerPass pass, String p, String images) {
    String x = pass.enter(STEM, images);
    x = pass.conv(x, p + "stem.conv", spec().input().channels(), 16, 3, 1, 1, true);
    x = pass.leave(STEM, pass.activate(pass.batchNorm(x, p + "stem.bn", 16)));
    int filtersIn = 16;
    int channels = 16;
    for (int stage = 0; stage < 3; stage++) {
      String stageBlock = STAGES.get(stage + 1);
      x = pass.enter(stageBlock, x);
      int filtersOut = stage == 0 ? filtersIn * 4 : filtersIn * 2;
      for (int block = 0; block < blocksPerStage; block++) {
        String b = p + "s" + stage + ".b" + block + ".";
        boolean first = block == 0;
        boolean preActivate = !(stage == 0 && first);
        int stride = stage > 0 && first ? 2 : 1;
        String y = x;
        if (preActivate) {
          y = pass.activate(pass.batchNorm(y, b + "bn1", channels));
        }
        y = pass.conv(y, b + "conv1", channels, filtersIn, 1, stride, 0, true);
        y = pass.activate(pass.batchNorm(y, b + "bn2", filtersIn));
        y = pass.conv(y, b + "conv2", filtersIn, filtersIn, 3, 1, 1, true);
        y = pass.activate(pass.batchNorm(y, b + "bn3", filtersIn));
        y = pass.conv(y, b + "conv3", filtersIn, filtersOut, 1, 1, 0, true);
        if (first) {
          x = pass.conv(x, b + "shortcut", channels, filtersOut, 1, stride, 0, true);
        }
        x = pass.add(x, y);
        channels = filtersOut;
      }
      x = pass.leave(stageBlock, x);
      filtersIn = filtersOut;
    }
    x = pass.activate(pass.batchNorm(pass.enter(HEAD, x), p + "head.bn", channels));
    return pass.leave(HEAD, pass.poolAndDense(x, p + "head.fc", channels, spec().outputs()));
  }
}
