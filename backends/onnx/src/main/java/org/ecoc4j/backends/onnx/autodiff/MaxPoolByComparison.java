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
 * MaxPool's gradient without the argmax indices, by comparing the input with the maxima, for
 * windows that tile the input or move by one; every other MaxPool goes to a fall-back rule. See
 * {@link PoolingRules#maxPoolByComparison}, which documents both forms.
 */
final class MaxPoolByComparison implements GradientRule {

  /** The largest kernel side that the unit-stride form takes. */
  private static final long UNIT_STRIDE_SIDE = 3;

  private final GradientRule otherwise;

  MaxPoolByComparison(GradientRule otherwise) {
    this.otherwise = Objects.requireNonNull(otherwise, "otherwise");
  }

  @Override
  public void backward(GradientContext c) {
    long[] kernel = plainKernel(c);
    long[] strides = PoolingRules.orDefault(Attributes.intsOf(c.node(), "strides"), 1, 1);
    long[] pads = PoolingRules.orDefault(Attributes.intsOf(c.node(), "pads"), 0, 0, 0, 0);
    if (kernel == null || strides.length != 2 || pads.length != 4) {
      otherwise.backward(c);
    } else if (tiles(c, kernel, strides, pads)) {
      tiling(c, kernel);
    } else if (movesByOne(kernel, strides, pads)) {
      unitStride(c, kernel, pads);
    } else {
      otherwise.backward(c);
    }
  }

  /**
   * The kernel of a 2-D MaxPool over [N, C, H, W] of known C, H and W without dilation, implicit
   * padding, ceil mode or column-major indices; else null.
   */
  private static long[] plainKernel(GradientContext c) {
    NodeProto node = c.node();
    TensorInfo x = c.graph().info(c.input(0));
    long[] kernel = Attributes.intsOf(node, "kernel_shape");
    boolean plain = x.rank() == 4 && x.dim(1) >= 0 && x.dim(2) >= 0 && x.dim(3) >= 0
        && kernel != null && kernel.length == 2
        && Arrays.equals(PoolingRules.orDefault(Attributes.intsOf(node, "dilations"), 1, 1),
            new long[] {1, 1})
        && Attributes.stringOf(node, "auto_pad", "NOTSET").equals("NOTSET")
        && Attributes.intOf(node, "ceil_mode", 0) == 0
        && Attributes.intOf(node, "storage_order", 0) == 0;
    return plain ? kernel : null;
  }

  /** Kernel equal to the strides, no padding, and sizes that the kernel divides. */
  private static boolean tiles(GradientContext c, long[] kernel, long[] strides, long[] pads) {
    TensorInfo x = c.graph().info(c.input(0));
    return Arrays.equals(strides, kernel) && Arrays.stream(pads).allMatch(p -> p == 0)
        && x.dim(2) % kernel[0] == 0 && x.dim(3) % kernel[1] == 0;
  }

  /** Unit strides, kernel sides up to {@value #UNIT_STRIDE_SIDE}, pads smaller than the kernel. */
  private static boolean movesByOne(long[] kernel, long[] strides, long[] pads) {
    return strides[0] == 1 && strides[1] == 1
        && kernel[0] <= UNIT_STRIDE_SIDE && kernel[1] <= UNIT_STRIDE_SIDE
        && pads[0] >= 0 && pads[1] >= 0 && pads[2] >= 0 && pads[3] >= 0
        && pads[0] < kernel[0] && pads[2] < kernel[0]
        && pads[1] < kernel[1] && pads[3] < kernel[1];
  }

  private static void tiling(GradientContext c, long[] kernel) {
    GraphBuilder g = c.graph();
    TensorInfo x = g.info(c.input(0));
    String scales = g.constant("pool_scales", new float[] {1, 1, kernel[0], kernel[1]}, 4);
    String zero = g.scalar("zero", 0f);
    String numbered = g.mul(g.toFloat(g.equal(c.input(0), upsampled(g, c.output(0), scales, x))),
        g.constant("pool_positions", positions(x, kernel), 1, 1, x.dim(2), x.dim(3)));
    Window tiles = new Window(kernel, kernel, new long[] {0, 0, 0, 0}, new long[] {1, 1});
    String first = upsampled(g, g.maxPool(numbered, tiles).output(), scales, x);
    c.addInputGradient(0,
        g.where(g.equal(numbered, first), upsampled(g, c.outputGradient(0), scales, x), zero));
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

  /**
   * The row maxima {@code U = MaxPool(X)} over 1 x kw, then the gradient of {@code Y = MaxPool(U)}
   * over kh x 1 with respect to U, then that of U with respect to X.
   */
  private static void unitStride(GradientContext c, long[] kernel, long[] pads) {
    GraphBuilder g = c.graph();
    String x = c.input(0);
    long[] one = {1, 1};
    String rows = kernel[1] == 1 ? x : g.maxPool(x,
            new Window(new long[] {1, kernel[1]}, one, new long[] {0, pads[1], 0, pads[3]}, one))
        .output();
    String dRows = kernel[0] == 1 ? c.outputGradient(0)
        : alongAxis(g, rows, c.output(0), c.outputGradient(0), 2, kernel[0], pads[0], pads[2]);
    c.addInputGradient(0, kernel[1] == 1 ? dRows
        : alongAxis(g, x, rows, dRows, 3, kernel[1], pads[1], pads[3]));
  }

  /**
   * The gradient of a max over {@code taps} neighbours along {@code axis}, moving by one with
   * {@code before} and {@code after} pads: each tap in turn takes the rest of dY where it equals
   * the maximum, the last tap what is left.
   */
  private static String alongAxis(GraphBuilder g, String in, String out, String dOut, int axis,
      long taps, long before, long after) {
    TensorInfo x = g.info(in);
    TensorInfo y = g.info(out);
    String rest = dOut;
    String[] shares = new String[(int) taps];
    for (int t = 0; t < taps; t++) {
      long begin = before - t;
      long end = after - (taps - 1 - t);
      String share = rest;
      if (t < taps - 1) {
        String hit = g.toFloat(g.equal(shifted(g, in, Float.NaN, y, axis, begin, end), out));
        share = g.mul(rest, hit);
        rest = g.sub(rest, share);
      }
      shares[t] = shifted(g, share, 0f, x, axis, -begin, -end);
    }
    String sum = shares[(int) taps - 1];
    for (int t = (int) taps - 2; t >= 0; t--) {
      sum = g.add(sum, shares[t]);
    }
    return sum;
  }

  /**
   * {@code t} moved along {@code axis} to the size of {@code like}: {@code begin} elements of
   * {@code fill} put before it (or, where negative, that many of its first elements dropped), and
   * {@code end} after it. One {@code Pad}, whose negative pads crop; {@code t} itself when both
   * are 0.
   */
  private static String shifted(GraphBuilder g, String t, float fill, TensorInfo like, int axis,
      long begin, long end) {
    if (begin == 0 && end == 0) {
      return t;
    }
    long[] pads = new long[8];
    pads[axis] = begin;
    pads[axis + 4] = end;
    return g.node("Pad", "", List.of(t, g.longs("pads", pads), g.scalar("pad_value", fill)),
            List.of(t + "_shifted"), List.of(g.info(t).withDims(like.dims())), List.of())
        .get(0);
  }
}
