package org.ecoc4j.backends.onnx.autodiff;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.Arrays;
import java.util.List;
import org.ecoc4j.backends.onnx.graph.Attributes;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;
import org.ecoc4j.backends.onnx.graph.TensorInfo;

/**
 * Gradients of pooling from forward operators.
 *
 * <p>AveragePool, from operators that have CUDA kernels (ONNX Runtime's {@code AveragePoolGrad}
 * runs on CPU only): each output gradient, divided by its window's divisor, is spread back over
 * the window by a depthwise {@code ConvTranspose} with a constant kernel. When every window
 * divides by the kernel area ({@code count_include_pad = 1}, or no padding) the kernel holds
 * {@code 1 / area}; otherwise the output gradient is first multiplied by the reciprocal of each
 * position's count of covered input pixels (a constant computed here) and the kernel holds ones.
 *
 * <p>MaxPool with windows that tile the input or move by one, by comparing the input with the
 * maxima ({@link #maxPoolByComparison}).
 */
public final class PoolingRules {

  private PoolingRules() {}

  /** The rule of AveragePool. */
  public static final GradientRule AVERAGE_POOL = PoolingRules::averagePool;

  /**
   * MaxPool's gradient without the argmax indices where the windows tile the input or move by
   * one; {@code otherwise} for every other MaxPool. Like {@code MaxPoolGrad} it gives each
   * window's dY to the first element (in raster order) equal to the window's maximum. The forward
   * MaxPool then needs no Indices output (ONNX Runtime's CPU kernel takes a slower path for
   * them), and the one-thread {@code MaxPoolGrad} goes. Both forms take 2-D windows without
   * dilation, implicit padding ({@code auto_pad}), ceil mode or column-major indices, over
   * [N, C, H, W] of known C, H and W.
   *
   * <p><b>Tiling windows</b> (kernel equal to the strides, no padding, sizes that the kernel
   * divides). With {@code up(t)} the pooled tensor t repeated over each window ({@code Resize},
   * nearest) and R a constant that numbers the positions of a window from kh kw (the first) down
   * to 1:
   *
   * <pre>
   * S  = float(X == up(Y)) * R          the maxima, numbered
   * dX = Where(S == up(MaxPool(S)), up(dY), 0)
   * </pre>
   *
   * <p>{@code MaxPool(S)} is the number of each window's first maximum, which no other element
   * of the window has. Every pass is element-wise over X's size with at most the leading axes
   * broadcast (R is [1, 1, H, W]). {@code float(.)} is a {@code Cast} of the comparison, 1 or 0:
   * S has the values {@code Where(X == up(Y), R, 0)} would give (R is positive), in two passes
   * that ONNX Runtime's CPU kernels run faster than its one-thread {@code Where} with R
   * broadcast. The last pass stays a {@code Where}, which keeps the zeros positive where dY is
   * negative. These gradients are {@code MaxPoolGrad}'s bit for bit.
   *
   * <p><b>Windows that move by one</b> (unit strides, kernel sides up to 3, each pad smaller than
   * the kernel side it pads). A max over kh x kw is the max over kh rows of the maxima over kw
   * columns, {@code Y = MaxPool_{kh x 1}(U)} with {@code U = MaxPool_{1 x kw}(X)} (the column
   * pool padded at the top and bottom, the row pool at the left and right), and the first
   * maximum in raster order is the first maximum of the first row that holds one: so dX is the
   * gradient of the row pool applied to the gradient of the column pool, U computed again in the
   * backward pass. Along one
   * axis of k taps with pads p before, window i sees {@code C_t[i] = X[i + t - p]}, t = 0 .. k-1
   * (out of range: NaN, which equals nothing), and the taps take dY in turn:
   *
   * <pre>
   * rest_0 = dY
   * share_t = rest_t * float(C_t == Y),  rest_{t+1} = rest_t - share_t   (t &lt; k-1)
   * share_{k-1} = rest_{k-1}
   * dX = share_{k-1} moved back + ... + share_0 moved back
   * </pre>
   *
   * <p>Where {@code C_t == Y}, {@code share_t = rest_t} and {@code rest_{t+1} = rest_t - rest_t =
   * 0} exactly; elsewhere {@code share_t} is a zero and {@code rest_{t+1} = rest_t}: the values
   * of {@code Where(C_t == Y, rest_t, 0)} and {@code Where(C_t == Y, 0, rest_t)} for finite dY,
   * but for the sign of some zeros (a negative rest times 0 is -0, which adds as 0), in passes
   * that ONNX Runtime's CPU kernels split over their threads, where {@code Where} runs on one. (A
   * dY that is infinite or NaN spreads NaN over its window here, where {@code MaxPoolGrad} gives
   * it to the first maximum alone.) Moving by t is one {@code Pad} (negative pads crop); every
   * other pass is element-wise. For a 2 x 2 window padded by one at the end (cnn1's first pool)
   * that is 2 Equal, 2 Cast, 2 Mul, 2 Sub, 2 Pad, 2 Add and one MaxPool. An element that is the
   * first maximum of several windows sums their dY in another order than {@code MaxPoolGrad}
   * does, so these gradients equal {@code MaxPoolGrad}'s within float rounding, not bit for bit.
   *
   * <p>(Giving dY to every maximum of a window, as {@code Where(X == up(Y), up(dY), 0)} alone
   * does, is not a gradient where maxima repeat, which constant image regions make common: a
   * convolution is its bias wherever its window sees zeros.)
   */
  public static GradientRule maxPoolByComparison(GradientRule otherwise) {
    return new MaxPoolByComparison(otherwise);
  }

  private static void averagePool(GradientContext c) {
    GraphBuilder g = c.graph();
    NodeProto node = c.node();
    TensorInfo x = g.info(c.input(0));
    TensorInfo y = g.info(c.output(0));
    if (x.rank() != 4 || x.dim(1) < 0 || x.dim(2) < 0 || x.dim(3) < 0) {
      throw c.unsupported("needs [N, C, H, W] with known C, H and W, got " + x);
    }
    if (!Attributes.stringOf(node, "auto_pad", "NOTSET").equals("NOTSET")
        || Attributes.intOf(node, "ceil_mode", 0) != 0) {
      throw c.unsupported("only explicit pads (auto_pad NOTSET) and ceil_mode 0");
    }
    long[] kernel = Attributes.intsOf(node, "kernel_shape");
    long[] strides = orDefault(Attributes.intsOf(node, "strides"), 1, 1);
    long[] pads = orDefault(Attributes.intsOf(node, "pads"), 0, 0, 0, 0);
    long[] dilations = orDefault(Attributes.intsOf(node, "dilations"), 1, 1);
    if (kernel == null || kernel.length != 2 || !Arrays.equals(dilations, new long[] {1, 1})) {
      throw c.unsupported("only 2-D windows without dilation");
    }
    boolean includePad = Attributes.intOf(node, "count_include_pad", 0) != 0;
    boolean padded = Arrays.stream(pads).anyMatch(p -> p != 0);
    long channels = x.dim(1);
    int area = (int) (kernel[0] * kernel[1]);
    String dy = c.outputGradient(0);
    float weight = 1f / area;
    if (padded && !includePad) {
      float[] scale = reciprocalCounts(x, y, kernel, strides, pads);
      dy = g.mul(dy, g.constant("pool_counts", scale, 1, 1, y.dim(2), y.dim(3)));
      weight = 1f;
    }
    float[] ones = new float[(int) channels * area];
    Arrays.fill(ones, weight);
    String spread = g.constant("pool_spread", ones, channels, 1, kernel[0], kernel[1]);
    long[] outputPadding = {
      (x.dim(2) + pads[0] + pads[2] - kernel[0]) % strides[0],
      (x.dim(3) + pads[1] + pads[3] - kernel[1]) % strides[1]
    };
    String dx =
        g.node(
                "ConvTranspose",
                "",
                List.of(dy, spread),
                List.of(c.input(0) + "_d"),
                List.of(x),
                List.of(
                    Attributes.ofInts("kernel_shape", kernel),
                    Attributes.ofInts("strides", strides),
                    Attributes.ofInts("pads", pads),
                    Attributes.ofInts("output_padding", outputPadding),
                    Attributes.of("group", channels)))
            .get(0);
    c.addInputGradient(0, dx);
  }

  /** {@code 1 / count} of the input pixels each output position's window covers, [OH * OW]. */
  private static float[] reciprocalCounts(
      TensorInfo x, TensorInfo y, long[] kernel, long[] strides, long[] pads) {
    int oh = (int) y.dim(2);
    int ow = (int) y.dim(3);
    float[] scale = new float[oh * ow];
    for (int i = 0; i < oh; i++) {
      long rows = covered(i * strides[0] - pads[0], kernel[0], x.dim(2));
      for (int j = 0; j < ow; j++) {
        long cols = covered(j * strides[1] - pads[1], kernel[1], x.dim(3));
        scale[i * ow + j] = 1f / (rows * cols);
      }
    }
    return scale;
  }

  /** How many of {@code [start, start + kernel)} lie in {@code [0, size)}. */
  private static long covered(long start, long kernel, long size) {
    return Math.min(start + kernel, size) - Math.max(start, 0);
  }

  /** {@code values}, or {@code fallback} where the attribute is missing ({@code null}). */
  static long[] orDefault(long[] values, long... fallback) {
    return values == null ? fallback : values;
  }
}
