package org.ecoc4j.backends.onnx.zoo;

import java.util.List;
import org.ecoc4j.api.backend.ModelSpec;

/**
 * CNN1 and CNN2 of the error-detecting output codes paper (Table 3): VGG-style stacks of 3x3
 * convolutions (no padding, with biases), each followed by batch normalization and ELU:
 * five convolutions, 2x2 max pooling with stride 1, dropout 0.2, two convolutions, 2x2 max
 * pooling with stride 2, dropout 0.2, two convolutions, 2x2 max pooling with stride 2, and a dense
 * layer on the flattened features. The pools pad at the bottom and right where their window runs
 * past the edge (Keras' {@code "same"}), and batch normalization uses Keras' defaults (epsilon
 * 1e-3, momentum 0.99).
 *
 * <p>Its blocks, around one of which a batch may be mixed ({@link #blocks()}): {@code block1}
 * (the five convolutions with their batch normalization and ELU, the first pooling and the first
 * dropout), {@code block2} (the next two convolutions, the second pooling and dropout), {@code
 * block3} (the last two convolutions and the third pooling) and {@code head} (the dense layer).
 *
 * <p>In training, dropout layer k of member m keeps the elements whose noise, fed through the
 * graph input {@code m<m>.dropout<k>.noise} of the pooled maps' shape, exceeds the ratio (see
 * {@link Forward#dropoutNoise()}).
 *
 * <p>With these choices the parameter counts on 3x32x32 images and 10 outputs are 328,458 (CNN1)
 * and 1,837,514 (CNN2), counting the running statistics as Keras does: the paper's "328K" and
 * "1837K".
 */
public final class VggCnn extends LayerPassModel {

  /** Zoo name of CNN1 (32, 64 and 128 feature maps). */
  public static final String NAME_1 = "cnn1";
  /** Zoo name of CNN2 (64, 128 and 256 feature maps). */
  public static final String NAME_2 = "cnn2";

  /** Feature maps of CNN1's nine convolutions. */
  public static final int[] CNN1 = {32, 32, 32, 32, 32, 64, 64, 128, 128};
  /** Feature maps of CNN2's nine convolutions. */
  public static final int[] CNN2 = {64, 64, 64, 64, 128, 128, 256, 256, 256};

  private static final float DROPOUT = 0.2f;
  private static final List<String> BLOCKS = List.of("block1", "block2", "block3", HEAD);

  private final int[] maps;
  private final float dropout;

  /**
   * Binds the network with the paper's dropout (0.2) and ELU.
   *
   * @param maps the feature maps of the nine convolutions ({@link #CNN1} or {@link #CNN2})
   * @throws IllegalArgumentException for images too small for the convolutions (at least 23x23)
   */
  public VggCnn(ModelSpec spec, int[] maps) {
    this(spec, maps, DROPOUT, Activation.ELU);
  }

  /**
   * Binds the network with another dropout ratio (0 keeps every unit and declares no noise
   * inputs) or nonlinearity.
   *
   * @throws IllegalArgumentException for a wrong number of maps, a ratio outside [0, 1) or
   *     images too small for the convolutions
   */
  public VggCnn(ModelSpec spec, int[] maps, float dropout, Activation activation) {
    super(spec, activation, 1e-3f, 0.99f);
    if (maps.length != 9) {
      throw new IllegalArgumentException("CNN1/CNN2 have 9 convolutions, got " + maps.length);
    }
    if (!(dropout >= 0f && dropout < 1f)) {
      throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
    }
    finalSize(spec.input().height(), "height");
    finalSize(spec.input().width(), "width");
    this.maps = maps.clone();
    this.dropout = dropout;
  }

  /** The side of the last feature maps for an input side, or an error naming the layer. */
  private static long finalSize(long size, String what) {
    long s = size;
    for (int block = 0; block < 3; block++) {
      int convs = block == 0 ? 5 : 2;
      s -= 2L * convs;
      if (s < 1) {
        throw new IllegalArgumentException(
            "cnn1/cnn2 need images of at least 23x23: the convolutions of block " + (block + 1)
                + " leave no pixels of " + what + " " + size);
      }
      s = block == 0 ? s : (s + 1) / 2;
    }
    return s;
  }

  private static int padEnd(long size, int stride) {
    long out = (size + stride - 1) / stride;
    return (int) Math.max(0, (out - 1) * stride + 2 - size);
  }

  @Override
  public List<String> blocks() {
    return BLOCKS;
  }

  @Override
  String member(LayerPass pass, String p, String images) {
    String x = images;
    int channels = spec().input().channels();
    long h = spec().input().height();
    long w = spec().input().width();
    int layer = 0;
    for (int block = 0; block < 3; block++) {
      x = pass.enter(BLOCKS.get(block), x);
      int convs = block == 0 ? 5 : 2;
      for (int i = 0; i < convs; i++, layer++) {
        String name = p + "conv" + (layer + 1);
        x = pass.conv(x, name, channels, maps[layer], 3, 1, 0, true);
        x = pass.activate(pass.batchNorm(x, name + ".bn", maps[layer]));
        channels = maps[layer];
        h -= 2;
        w -= 2;
      }
      int stride = block == 0 ? 1 : 2;
      int pad = Math.max(padEnd(h, stride), padEnd(w, stride));
      x = pass.maxPool(x, 2, stride, pad);
      h = (h + pad - 2) / stride + 1;
      w = (w + pad - 2) / stride + 1;
      if (block < 2) {
        x = pass.dropout(x, p + "dropout" + (block + 1), dropout);
      }
      x = pass.leave(BLOCKS.get(block), x);
    }
    x = pass.enter(HEAD, x);
    return pass.leave(HEAD, pass.dense(x, p + "dense", channels * h * w, spec().outputs()));
  }
}
