package org.ecoc4j.backends.onnx.zoo;

import java.util.List;
import org.ecoc4j.api.backend.ModelSpec;

/**
 * WRN-d-k, the wide residual network of Zagoruyko and Komodakis (2016): a 3x3 convolution of 16
 * filters, three groups of (d - 4) / 6 pre-activation basic blocks (batch normalization, ReLU, 3x3
 * convolution, twice) with 16k, 32k and 64k filters, the first block of groups 2 and 3 striding by
 * 2, a 1x1 convolution as shortcut where the width or stride changes; then batch normalization,
 * ReLU, global average pooling and a dense layer. No dropout inside the blocks (the paper's
 * default), no convolution biases; batch normalization with epsilon 1e-5 and momentum 0.9.
 *
 * <p>Its blocks, around one of which a batch may be mixed ({@link #blocks()}): {@code stem} (the
 * first convolution), {@code stage1}, {@code stage2} and {@code stage3} (the groups of 16k, 32k
 * and 64k filters, parameters {@code g0.*}, {@code g1.*}, {@code g2.*}) and {@code head} (the
 * final batch normalization and ReLU, global average pooling and the dense layer).
 */
public final class WideResNet extends LayerPassModel {

  private final int depth;
  private final int widen;

  /**
   * Binds WRN-{@code depth}-{@code widen}, with ReLU or ELU (for finite-difference checks).
   *
   * @throws IllegalArgumentException for a depth other than 6n + 4, a widening factor below 1, or
   *     images smaller than 4x4
   */
  public WideResNet(ModelSpec spec, int depth, int widen, Activation activation) {
    super(spec, activation, 1e-5f, 0.9f);
    if (depth < 10 || (depth - 4) % 6 != 0) {
      throw new IllegalArgumentException("WideResNet depth must be 6n + 4, got " + depth);
    }
    if (widen < 1) {
      throw new IllegalArgumentException("WideResNet widening factor must be >= 1, got " + widen);
    }
    if (spec.input().height() < 4 || spec.input().width() < 4) {
      throw new IllegalArgumentException("wrn needs images of at least 4x4, got " + spec.input());
    }
    this.depth = depth;
    this.widen = widen;
  }

  /** The zoo name, e.g. {@code wrn-28-10}. */
  public static String name(int depth, int widen) {
    return "wrn-" + depth + "-" + widen;
  }

  @Override
  public List<String> blocks() {
    return STAGES;
  }

  @Override
  String member(LayerPass pass, String p, String images) {
    int blocks = (depth - 4) / 6;
    String x = pass.enter(STEM, images);
    x = pass.conv(x, p + "stem.conv", spec().input().channels(), 16, 3, 1, 1, false);
    x = pass.leave(STEM, x);
    int channels = 16;
    for (int group = 0; group < 3; group++) {
      String stageBlock = STAGES.get(group + 1);
      x = pass.enter(stageBlock, x);
      int filters = (16 << group) * widen;
      for (int block = 0; block < blocks; block++) {
        String b = p + "g" + group + ".b" + block + ".";
        int stride = group > 0 && block == 0 ? 2 : 1;
        String o = pass.activate(pass.batchNorm(x, b + "bn1", channels));
        String y = pass.conv(o, b + "conv1", channels, filters, 3, stride, 1, false);
        y = pass.activate(pass.batchNorm(y, b + "bn2", filters));
        y = pass.conv(y, b + "conv2", filters, filters, 3, 1, 1, false);
        String shortcut =
            stride != 1 || channels != filters
                ? pass.conv(o, b + "shortcut", channels, filters, 1, stride, 0, false)
                : x;
        x = pass.add(shortcut, y);
        channels = filters;
      }
      x = pass.leave(stageBlock, x);
    }
    x = pass.activate(pass.batchNorm(pass.enter(HEAD, x), p + "head.bn", channels));
    return pass.leave(HEAD, pass.poolAndDense(x, p + "head.fc", channels, spec().outputs()));
  }
}
