package org.ecoc4j.backends.onnx.autodiff;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.ecoc4j.backends.onnx.graph.Attributes;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;
import org.ecoc4j.backends.onnx.graph.TensorInfo;
import org.ecoc4j.backends.onnx.graph.Window;

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
 * <p>MaxPool with windows that tile the input, by comparing the input with the maxima ({@link
 * #maxPoolByComparison}).
 */
public final class PoolingRules {

  private PoolingRules() {}

  /** The rule of AveragePool. */
  public static final GradientRule AVERAGE_POOL = PoolingRules::averagePool;

  /**
   * MaxPool's gradient without the argmax indices where the windows tile the input (kernel equal
   * to the strides, no padding or dilation, sizes that the kernel divides); {@code otherwise} for
   * every other MaxPool. Like {@code MaxPoolGrad} it gives each window's dY to the first element
   * (in raster order) equal to the window's maximum. With {@code up(t)} the pooled tensor t
   * repeated over each window ({@code Resize}, nearest) and R a constant that numbers the
   * positions of a window from kh kw (the first) down to 1:
   *
   * <pre>
   * S  = Where(X == up(Y), R, 0)        the maxima, numbered
   * dX = Where(S == up(MaxPool(S)), up(dY), 0)
   * </pre>
   *
   * <p>{@code MaxPool(S)} is the number of each window's first maximum, which no other element
   * of the window has. Every pass is element-wise over X's size with at most the leading axes
   * broadcast (R is [1, 1, H, W]). The forward MaxPool then needs no Indices output (ONNX
   * Runtime's CPU kernel takes a slower path for them), and the one-thread {@code MaxPoolGrad}
   * goes. (Giving dY to every maximum of a window, as {@code Where(X == up(Y), up(dY), 0)} alone
   * does, is not a gradient where maxima repeat, which constant image regions make common: a
   * convolution is its bias wherever its window sees zeros.)
   */
  public static GradientRule maxPoolByComparison(GradientRule otherwise) {
    Objects.requireNonNull(otherwise, "otherwise");
    return c -> {
      long[] kernel = tilingKernel(c);
      if (kernel == null) {
        otherwise.backward(c);
        return;
      }
      GraphBuilder g = c.graph();
      TensorInfo x = g.info(c.input(0));
      String scales = g.constant("pool_scales", new float[] {1, 1, kernel[0], kernel[1]}, 4);
      String zero = g.scalar("zero", 0f);
      String numbered = g.where(g.equal(c.input(0), upsampled(g, c.output(0), scales, x)),
          g.constant("pool_positions", positions(x, kernel), 1, 1, x.dim(2), x.dim(3)), zero);
      Window tiles = new Window(kernel, kernel, new long[] {0, 0, 0, 0}, new long[] {1, 1});
      String first = upsampled(g, g.maxPool(numbered, tiles).output(), scales, x);
      c.addInputGradient(0,
          g.where(g.equal(numbered, first), upsampled(g, c.outputGradient(0), scales, x), zero));
    };
  }

  /** Each position's number in its window, kh kw for the first down to 1 for the last. */
  private static float[] positions(TensorInfo x, long[] kernel) {
    int h = (int) x.dim(2);
    int w = (int) x.dim(3);
    float[] r = new float[h * w];
    for (int i = 0; i < h; i++) {
      for (int j = 0; j < w; j++) {
        r[i * w + j] = kernel[0] * kernel[1] - ((i % kernel[0]) * kernel[1] + j % kernel[1]);
      }
    }
    return r;
  }

  /** {@code t} repeated over each window: {@code Resize} by the kernel, nearest, to {@code x}. */
  private static String upsampled(GraphBuilder g, String t, String scales, TensorInfo x) {
    return g.node("Resize", "", List.of(t, "", scales), List.of(t + "_upsampled"),
            List.of(g.info(t).withDims(x.dims())),
            List.of(Attributes.of("mode", "nearest"),
                Attributes.of("coordinate_transformation_mode", "asymmetric"),
                Attributes.of("nearest_mode", "floor")))
        .get(0);
  }

  /** The kernel of a MaxPool that {@link #maxPoolByComparison} takes, else null. */
  private static long[] tilingKernel(GradientContext c) {
    GraphBuilder g = c.graph();
    NodeProto node = c.node();
    TensorInfo x = g.info(c.input(0));
    long[] kernel = Attributes.intsOf(node, "kernel_shape");
    if (x.rank() != 4 || x.dim(1) < 0 || x.dim(2) < 0 || x.dim(3) < 0 || kernel == null
        || kernel.length != 2
        || !Arrays.equals(orDefault(Attributes.intsOf(node, "strides"), 1, 1), kernel)
        || Arrays.stream(orDefault(Attributes.intsOf(node, "pads"), 0, 0, 0, 0))
            .anyMatch(p -> p != 0)
        || !Arrays.equals(orDefault(Attributes.intsOf(node, "dilations"), 1, 1),
            new long[] {1, 1})
        || !Attributes.stringOf(node, "auto_pad", "NOTSET").equals("NOTSET")
        || Attributes.intOf(node, "ceil_mode", 0) != 0
        || Attributes.intOf(node, "storage_order", 0) != 0
        || x.dim(2) % kernel[0] != 0 || x.dim(3) % kernel[1] != 0) {
      return null;
    }
    return kernel;
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

  private static long[] orDefault(long[] values, long... fallback) {
    return values == null ? fallback : values;
  }
}
