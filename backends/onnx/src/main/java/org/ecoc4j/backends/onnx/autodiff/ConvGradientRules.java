package org.ecoc4j.backends.onnx.autodiff;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.ArrayList;
import java.util.List;
import org.ecoc4j.backends.onnx.graph.Attributes;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;
import org.ecoc4j.backends.onnx.graph.TensorInfo;
import org.ecoc4j.backends.onnx.graph.Window;

/**
 * A Conv gradient made of forward operators, an alternative to ONNX Runtime's {@code ConvGrad}
 * (which loops over the samples with one small GEMM each). For {@code Y = Conv(X, W, B)} with
 * strides s, pads p (begin, end), dilations d and one group:
 *
 * <ul>
 *   <li>{@code dW}: one GEMM over the whole batch. The input, transposed to [C, N, H, W] and
 *       zero-padded, is cut into its kh x kw shifted strided windows ({@code Slice} with steps s
 *       from {@code i d} to {@code i d + (OH - 1) s + 1}), each [C, N, OH, OW]; their {@code
 *       Concat} is the im2col matrix [kh kw C, N OH OW]. Then {@code dW^T = cols dY'^T} with
 *       {@code dY'} = dY as [O, N OH OW] (the larger operand is Gemm's A, which MLAS reads in
 *       place, the smaller one B, which it packs), reshaped to [kh, kw, C, O] and transposed to
 *       [O, C, kh, kw].
 *   <li>{@code dX}: with stride 1 and pads at most {@code d (k - 1)}, a forward {@code Conv} of
 *       dY with the kernel transposed to [C, O, kh, kw] and flipped in both spatial axes, pads
 *       {@code d (k - 1) - p} and the same dilations; with larger strides, {@code
 *       ConvTranspose(dY, W)} with the Conv's strides, pads and dilations and the output padding
 *       {@code (H + p_begin + p_end - d (k - 1) - 1) mod s} that gives back X's size. Under
 *       {@link #smallKernelsByCorrelation}, an unpadded 1x1 kernel with strides s_h, s_w,
 *       input sizes {@code H = s_h OH}, {@code W = s_w OW} and aligned channels instead: the
 *       1x1 {@code Conv} of dY with the kernel transposed to [C, O, 1, 1] (the gradient at the
 *       positions the convolution read), viewed as [N, C, OH, 1, OW, 1], zero-padded after the
 *       unit axes to [N, C, OH, s_h, OW, s_w] and viewed as [N, C, H, W].
 *   <li>{@code dB}: {@code ReduceSum(dY)} over the batch and both spatial axes.
 * </ul>
 *
 * <p>{@link #smallKernelsByCorrelation} builds {@code dW} of a convolution with stride 1 instead
 * as one correlation: a forward {@code Conv} of the transposed, zero-padded input [C, N, H + p,
 * W + p] (the batch as its channels) with dY transposed to [O, N, OH, OW] as the kernel and the
 * forward dilations as its strides, which gives [C, O, kh, kw], transposed to [O, C, kh, kw]:
 * {@code dW[o, c, i, j] = sum over n, y, x of dY[n, o, y, x] X[n, c, y + i d, x + j d]}. No im2col
 * matrix is made: its cost is a convolution with a kernel of the output's size, which ONNX
 * Runtime's plain CPU Conv runs slowly (a per-channel im2col of the whole kernel) and its blocked
 * NCHWc Conv fast; backends/ort uses it where it runs the training graph's convolutions in that
 * layout.
 *
 * <p>Grouped convolutions, {@code auto_pad} other than {@code NOTSET}, and inputs whose channels
 * or spatial sizes are not known when the graph is built fall back to {@code ConvGrad} ({@link
 * LayerRules#CONV}).
 *
 * <p>{@link #SMALL_KERNELS_BY_GEMM} applies the GEMM rule only to kernels of at most {@value
 * #SMALL_KERNEL_AREA} taps (1x1 to 3x3) and {@code ConvGrad} to larger ones: the im2col matrix
 * of a kh x kw kernel is kh kw times the layer's input, built from kh kw {@code Slice}s, and on a
 * 2-core CPU the 3x3 and 1x1 layers of cnn1, resnet20v2 and wrn-16-4 trained 1.10 to 1.13 times
 * faster with the GEMM where lenet's 5x5 layers ran 0.76 to 0.81 times as fast (backends/ort's
 * README).
 */
public final class ConvGradientRules {

  private ConvGradientRules() {}

  /** The rule of Conv through forward operators, the weight gradient as one GEMM. */
  public static final GradientRule GEMM = ConvGradientRules::byGemm;

  /** The largest kernel area (kh kw) {@link #SMALL_KERNELS_BY_GEMM} differentiates by GEMM. */
  public static final long SMALL_KERNEL_AREA = 9;

  /**
   * {@link #GEMM} for kernels of at most {@value #SMALL_KERNEL_AREA} taps, {@code ConvGrad}
   * ({@link LayerRules#CONV}) for larger kernels and for weights of unknown shape.
   */
  public static final GradientRule SMALL_KERNELS_BY_GEMM = ConvGradientRules::bySmallKernelGemm;

  /**
   * {@link #SMALL_KERNELS_BY_GEMM}, with the weight gradient as one correlation {@code Conv}
   * (class comment) where the convolution has stride 1 and more than one tap, the batch is known
   * and it and the output channels are multiples of {@code alignment}; for an unpadded 1x1 kernel
   * with a known batch (any stride) as per-sample products, ONNX Runtime's {@code FusedMatMul}
   * of dY and the input each as [N, channels, positions] summed over the batch, which makes no
   * transposed copies of them; for a strided kernel of 2 to 9 taps by ONNX Runtime's {@code
   * ConvGrad} asked for the weight gradient alone (its per-sample im2col: the GEMM rule's im2col
   * of a strided convolution is made of {@code Slice}s with steps, which ONNX Runtime runs value by
   * value on one thread, and a strided convolution's correlation has a dilated kernel and can give
   * more taps than the kernel has, which ran slower in the blocked kernels); the GEMM's weight
   * gradient elsewhere (stride 1 with a batch or output channels off the alignment, 1x1 kernels
   * with padding or an unknown batch). The input and bias gradients are the GEMM rule's, except
   * that an unpadded strided 1x1 kernel whose input sizes are the strides times the output's and
   * whose input and output channels are multiples of {@code alignment} takes its input gradient
   * as a stride-1 1x1 {@code Conv} spread by a zero {@code Pad} (class comment), which
   * backends/ort's blocked-activation rewrite runs on the blocked tensors.
   *
   * @param alignment the multiple (1: the correlation wherever the batch is known)
   * @throws IllegalArgumentException for an alignment below 1
   */
  public static GradientRule smallKernelsByCorrelation(long alignment) {
    if (alignment < 1) {
      throw new IllegalArgumentException("alignment must be positive, got " + alignment);
    }
    return c -> {
      TensorInfo w = c.graph().info(c.input(1));
      if (!(w.isStatic() && w.rank() == 4 && w.dim(2) * w.dim(3) <= SMALL_KERNEL_AREA)) {
        LayerRules.CONV.backward(c);
        return;
      }
      long batch = c.graph().info(c.input(0)).dim(0);
      long[] strides = Attributes.intsOf(c.node(), "strides");
      boolean unstrided = strides == null || (strides[0] == 1 && strides[1] == 1);
      boolean aligned = batch > 0 && batch % alignment == 0 && w.dim(0) % alignment == 0;
      boolean windows = w.dim(2) * w.dim(3) > 1;
      boolean spread = w.dim(0) % alignment == 0 && w.dim(1) % alignment == 0;
      if (!windows && batch > 0) {
        differentiate(c, ConvGradientRules::pointwiseWeightGradient, spread);
      } else if (windows && !unstrided) {
        differentiate(c, ConvGradientRules::weightGradientByConvGrad, spread);
      } else {
        differentiate(c, aligned && unstrided && windows
            ? ConvGradientRules::weightGradientByCorrelation
            : ConvGradientRules::weightGradient, spread);
      }
    };
  }

  /** How a rule builds the weight gradient of a convolution. */
  private interface WeightGradient {
    String build(GradientContext c, Geometry geo, String dy);
  }

  private record Geometry(
      long channels, long outChannels, long[] input, long[] output, long[] kernel,
      long[] strides, long[] pads, long[] dilations) {

    boolean strided() {
      return strides[0] != 1 || strides[1] != 1;
    }

    boolean padded() {
      for (long p : pads) {
        if (p != 0) {
          return true;
        }
      }
      return false;
    }

    /** The padding of the transposed convolution along spatial axis {@code a}, side {@code end}. */
    long fullPad(int a, boolean end) {
      return dilations[a] * (kernel[a] - 1) - pads[end ? a + 2 : a];
    }
  }

  private static void byGemm(GradientContext c) {
    differentiate(c, ConvGradientRules::weightGradient, false);
  }

  /**
   * The three gradients; {@code spread}: the input gradient of an unpadded strided 1x1 kernel as
   * {@link #spreadInputGradient} rather than {@code ConvTranspose}.
   */
  private static void differentiate(GradientContext c, WeightGradient weights, boolean spread) {
    Geometry geo = geometry(c);
    if (geo == null) {
      LayerRules.CONV.backward(c);
      return;
    }
    String dy = c.outputGradient(0);
    if (c.needsGradient(1)) {
      c.addInputGradient(1, weights.build(c, geo, dy));
    }
    if (c.node().getInputCount() > 2 && c.needsGradient(2)) {
      c.addInputGradient(2, c.graph().reduceSum(dy, false, 0, 2, 3));
    }
    if (c.needsGradient(0)) {
      c.addInputGradient(0, inputGradient(c, geo, dy, spread));
    }
  }

  private static void bySmallKernelGemm(GradientContext c) {
    TensorInfo w = c.graph().info(c.input(1));
    if (w.isStatic() && w.rank() == 4 && w.dim(2) * w.dim(3) <= SMALL_KERNEL_AREA) {
      byGemm(c);
    } else {
      LayerRules.CONV.backward(c);
    }
  }

  /** The convolution's geometry, or {@code null} where this rule falls back to ConvGrad. */
  private static Geometry geometry(GradientContext c) {
    GraphBuilder g = c.graph();
    NodeProto node = c.node();
    TensorInfo x = g.info(c.input(0));
    TensorInfo w = g.info(c.input(1));
    TensorInfo y = g.info(c.output(0));
    if (Attributes.intOf(node, "group", 1) != 1
        || !Attributes.stringOf(node, "auto_pad", "NOTSET").equals("NOTSET")
        || x.rank() != 4 || !w.isStatic() || w.rank() != 4
        || x.dim(1) < 0 || x.dim(2) < 0 || x.dim(3) < 0 || y.dim(2) < 0 || y.dim(3) < 0) {
      return null;
    }
    return new Geometry(
        x.dim(1), w.dim(0), new long[] {x.dim(2), x.dim(3)}, new long[] {y.dim(2), y.dim(3)},
        new long[] {w.dim(2), w.dim(3)},
        orDefault(Attributes.intsOf(node, "strides"), 1, 1),
        orDefault(Attributes.intsOf(node, "pads"), 0, 0, 0, 0),
        orDefault(Attributes.intsOf(node, "dilations"), 1, 1));
  }

  /** The convolution's input transposed to [C, N, H, W] and zero-padded by its pads. */
  private static String transposedPaddedInput(GradientContext c, Geometry geo) {
    GraphBuilder g = c.graph();
    String xt = g.transpose(c.input(0), 1, 0, 2, 3);
    if (geo.padded()) {
      long[] p = geo.pads;
      xt = g.pad(xt, 0, 0, p[0], p[1], 0, 0, p[2], p[3]);
    }
    return xt;
  }

  private static String weightGradient(GradientContext c, Geometry geo, String dy) {
    GraphBuilder g = c.graph();
    String xt = transposedPaddedInput(c, geo);
    TensorInfo padded = g.info(xt);
    List<String> windows = new ArrayList<>();
    for (long i = 0; i < geo.kernel[0]; i++) {
      for (long j = 0; j < geo.kernel[1]; j++) {
        windows.add(window(g, xt, padded, geo, i, j));
      }
    }
    String cols = g.reshape(g.concat(0, windows), geo.kernel[0] * geo.kernel[1] * geo.channels, -1);
    String dyRows = g.reshape(g.transpose(dy, 1, 0, 2, 3), geo.outChannels, -1);
    String dwT =
        g.node(
                "Gemm",
                "",
                List.of(cols, dyRows),
                List.of("conv_dw"),
                List.of(TensorInfo.floats(
                    geo.kernel[0] * geo.kernel[1] * geo.channels, geo.outChannels)),
                List.of(Attributes.of("transB", 1L)))
            .get(0);
    String byWindow = g.reshape(dwT, geo.kernel[0], geo.kernel[1], geo.channels, geo.outChannels);
    return g.transpose(byWindow, 3, 2, 0, 1);
  }

  /**
   * dW of a convolution by ONNX Runtime's {@code ConvGrad} asked for that output alone (its
   * per-sample im2col and GEMM; no input gradient, no bias gradient), with the Conv's attributes.
   */
  private static String weightGradientByConvGrad(GradientContext c, Geometry geo, String dy) {
    return LayerRules.convGrad(c, false, true).get(1);
  }

  /**
   * dW of a 1x1 convolution without padding, with a known batch, as per-sample products: dY as
   * [N, O, OH OW] times the input (every stride-th row and column of it, [N, C, OH, OW]) as [N,
   * C, OH OW] transposed, by ONNX Runtime's {@code FusedMatMul} with {@code transB} (a batched
   * GEMM reading both operands in place), summed over the batch and reshaped to [O, C, 1, 1]:
   * {@code dW[o, c] = sum over n, y, x of dY[n, o, y, x] X[n, c, s y, s x]}. The GEMM rule
   * transposes both X and dY to channel-major copies first. A padded 1x1 convolution takes the
   * GEMM rule.
   */
  private static String pointwiseWeightGradient(GradientContext c, Geometry geo, String dy) {
    if (geo.padded()) {
      return weightGradient(c, geo, dy);
    }
    GraphBuilder g = c.graph();
    long batch = g.info(c.input(0)).dim(0);
    String x = geo.strided() ? g.sample(c.input(0), "conv_sampled", geo.strides) : c.input(0);
    long positions = geo.output[0] * geo.output[1];
    String products =
        g.node(
                "FusedMatMul",
                GraphBuilder.MS_DOMAIN,
                List.of(g.reshape(dy, batch, geo.outChannels, positions),
                    g.reshape(x, batch, geo.channels, positions)),
                List.of("conv_dw_per_sample"),
                List.of(TensorInfo.floats(batch, geo.outChannels, geo.channels)),
                List.of(Attributes.of("transB", 1L)))
            .get(0);
    return g.reshape(g.reduceSum(products, false, 0), geo.outChannels, geo.channels, 1, 1);
  }

  /**
   * dW of a convolution with stride 1 as one correlation: the transposed, padded input
   * convolved with the transposed output gradient as its kernel, the forward dilations as its
   * strides, [C, O, kh, kw] transposed.
   */
  private static String weightGradientByCorrelation(GradientContext c, Geometry geo, String dy) {
    GraphBuilder g = c.graph();
    String xt = transposedPaddedInput(c, geo);
    // stride 1: the padded input is d (k - 1) + OH long, so the correlation has exactly k taps
    Window correlation =
        new Window(geo.output.clone(), geo.dilations.clone(), new long[4], new long[] {1, 1});
    String taps = g.conv(xt, g.transpose(dy, 1, 0, 2, 3), null, correlation, 1);
    return g.transpose(taps, 1, 0, 2, 3);
  }

  /** The inputs window (i, j) of the kernel sees at every output position, [C, N, OH, OW]. */
  private static String window(
      GraphBuilder g, String xt, TensorInfo padded, Geometry geo, long i, long j) {
    long[] starts = {i * geo.dilations[0], j * geo.dilations[1]};
    long[] ends = {
      starts[0] + (geo.output[0] - 1) * geo.strides[0] + 1,
      starts[1] + (geo.output[1] - 1) * geo.strides[1] + 1
    };
    if (starts[0] == 0 && starts[1] == 0 && ends[0] == padded.dim(2) && ends[1] == padded.dim(3)
        && !geo.strided()) {
      return xt;
    }
    return g.node(
            "Slice",
            "",
            List.of(xt, g.longs("starts", starts), g.longs("ends", ends),
                g.longs("axes", 2, 3), g.longs("steps", geo.strides)),
            List.of("conv_window"),
            List.of(padded.withDims(padded.dim(0), padded.dim(1), geo.output[0], geo.output[1])),
            List.of())
        .get(0);
  }

  private static String inputGradient(
      GradientContext c, Geometry geo, String dy, boolean spread) {
    GraphBuilder g = c.graph();
    TensorInfo x = g.info(c.input(0));
    long[] fullPads = {
      geo.fullPad(0, false), geo.fullPad(1, false), geo.fullPad(0, true), geo.fullPad(1, true)
    };
    boolean byConv = !geo.strided();
    for (long p : fullPads) {
      byConv &= p >= 0;
    }
    if (byConv) {
      String flipped =
          g.node(
                  "Slice",
                  "",
                  List.of(g.transpose(c.input(1), 1, 0, 2, 3), g.longs("starts", -1, -1),
                      g.longs("ends", Long.MIN_VALUE, Long.MIN_VALUE), g.longs("axes", 2, 3),
                      g.longs("steps", -1, -1)),
                  List.of("conv_flipped"),
                  List.of(TensorInfo.floats(
                      geo.channels, geo.outChannels, geo.kernel[0], geo.kernel[1])),
                  List.of())
              .get(0);
      return g.node(
              "Conv",
              "",
              List.of(dy, flipped),
              List.of(c.input(0) + "_d"),
              List.of(x),
              List.of(
                  Attributes.ofInts("kernel_shape", geo.kernel),
                  Attributes.ofInts("pads", fullPads),
                  Attributes.ofInts("dilations", geo.dilations)))
          .get(0);
    }
    if (spread && geo.kernel[0] * geo.kernel[1] == 1 && !geo.padded()
        && geo.input[0] == geo.strides[0] * geo.output[0]
        && geo.input[1] == geo.strides[1] * geo.output[1]) {
      return spreadInputGradient(c, geo, dy);
    }
    long[] outputPadding = new long[2];
    for (int a = 0; a < 2; a++) {
      outputPadding[a] =
          (geo.input[a] + geo.pads[a] + geo.pads[a + 2] - geo.dilations[a] * (geo.kernel[a] - 1)
              - 1) % geo.strides[a];
    }
    return g.node(
            "ConvTranspose",
            "",
            List.of(dy, c.input(1)),
            List.of(c.input(0) + "_d"),
            List.of(x),
            List.of(
                Attributes.ofInts("kernel_shape", geo.kernel),
                Attributes.ofInts("strides", geo.strides),
                Attributes.ofInts("pads", geo.pads),
                Attributes.ofInts("dilations", geo.dilations),
                Attributes.ofInts("output_padding", outputPadding)))
        .get(0);
  }

  /**
   * dX of an unpadded strided 1x1 convolution whose input sizes are the strides times the
   * output's: the stride-1 1x1 convolution of dY with the kernel transposed to [C, O, 1, 1] gives
   * the gradient at the positions the convolution read, {@code (s_h i, s_w j)}; viewed as [N, C,
   * OH, 1, OW, 1] and zero-padded after to [N, C, OH, s_h, OW, s_w], it is dX as [N, C, H, W].
   * {@code ConvTranspose} computes the same with a per-sample GEMM and a scatter that ONNX Runtime
   * runs on one thread.
   */
  private static String spreadInputGradient(GradientContext c, Geometry geo, String dy) {
    GraphBuilder g = c.graph();
    TensorInfo dyInfo = g.info(dy);
    String read =
        g.node(
                "Conv",
                "",
                List.of(dy, g.transpose(c.input(1), 1, 0, 2, 3)),
                List.of("conv_read_d"),
                List.of(dyInfo.withDims(dyInfo.dim(0), geo.channels, geo.output[0], geo.output[1])),
                List.of(Attributes.ofInts("kernel_shape", 1, 1)))
            .get(0);
    return g.spread(read, c.input(0) + "_d", geo.strides);
  }

  private static long[] orDefault(long[] values, long... fallback) {
    return values == null ? fallback : values;
  }
}
