package org.ecoc4j.backends.onnx.autodiff;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ecoc4j.backends.onnx.graph.Attributes;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;
import org.ecoc4j.backends.onnx.graph.TensorInfo;

/**
 * Gradients of Flatten, Reshape (reshape back), Concat (split), Transpose (inverse permutation)
 * zero Pad (slice) and Slice (zero pad; with steps along H and W, a spread).
 */
public final class ShapeRules {

  private ShapeRules() {}

  /** The rule of Reshape: the output gradient reshaped back to the input's shape. */
  public static final GradientRule RESHAPE =
      c -> c.addInputGradient(0, c.graph().reshapeLike(c.outputGradient(0), c.input(0)));

  /** The rule of Flatten: that of {@link #RESHAPE}. */
  public static final GradientRule FLATTEN = RESHAPE;

  /** The rule of Concat. */
  public static final GradientRule CONCAT = ShapeRules::concat;

  /** The rule of Transpose. */
  public static final GradientRule TRANSPOSE = ShapeRules::transpose;

  /** The rule of Pad. */
  public static final GradientRule PAD = ShapeRules::pad;

  /** The rule of Slice (constant starts, ends and axes, step 1). */
  public static final GradientRule SLICE = ShapeRules::slice;

  /**
   * The output gradient padded with zeros back to the input's shape: {@code start} zeros before
   * and {@code size - end} after along each sliced axis. With steps (rows and columns of [N, C,
   * H, W] from 0, steps s_h and s_w: {@link GraphBuilder#sample}'s form), the output gradient is
   * first spread back to the positions it was read from ({@link GraphBuilder#spread}), then cut or
   * padded to H and W.
   */
  private static void slice(GradientContext c) {
    GraphBuilder g = c.graph();
    int n = c.node().getInputCount();
    long[] starts = n > 1 ? g.longConstant(c.input(1)) : null;
    long[] ends = n > 2 ? g.longConstant(c.input(2)) : null;
    long[] axes = n > 3 ? g.longConstant(c.input(3)) : null;
    long[] steps = n > 4 ? g.longConstant(c.input(4)) : null;
    if (starts == null || ends == null || axes == null || (n > 4 && steps == null)) {
      throw c.unsupported("only constant starts, ends, axes and steps");
    }
    TensorInfo x = g.info(c.input(0));
    String dy = c.outputGradient(0);
    long[] sampling = {1, 1};
    for (int i = 0; steps != null && i < axes.length; i++) {
      if (steps[i] != 1) {
        int a = x.normalize((int) axes[i]);
        if (x.rank() != 4 || (a != 2 && a != 3) || starts[i] != 0 || steps[i] < 1) {
          throw c.unsupported("steps other than 1 only along H and W of [N, C, H, W], from 0,"
              + " positive; got step " + steps[i] + " from " + starts[i] + " along axis " + a
              + " of " + x);
        }
        sampling[a - 2] = steps[i];
      }
    }
    boolean spread = sampling[0] != 1 || sampling[1] != 1;
    if (spread) {
      dy = g.spread(dy, c.input(0) + "_spread", sampling);
    }
    long[] read = g.info(dy).dims();
    long[] pads = new long[2 * x.rank()];
    long[] cut = new long[2];
    for (int i = 0; i < axes.length; i++) {
      int a = x.normalize((int) axes[i]);
      if (x.dim(a) < 0) {
        throw c.unsupported("Slice of an axis of unknown size in " + x);
      }
      boolean sampled = a >= 2 && x.rank() == 4 && sampling[a - 2] != 1;
      long end = sampled ? read[a] : ends[i];
      if (sampled && end > x.dim(a)) {
        cut[a - 2] = end - x.dim(a);
      } else {
        pads[a] = starts[i];
        pads[a + x.rank()] = x.dim(a) - end;
      }
    }
    if (cut[0] > 0 || cut[1] > 0) {
      dy = g.slice(dy, new long[] {0, 0}, new long[] {read[2] - cut[0], read[3] - cut[1]},
          new long[] {2, 3});
    }
    if (!spread || Arrays.stream(pads).anyMatch(p -> p != 0)) {
      dy = g.pad(dy, pads);
    }
    c.addInputGradient(0, dy);
  }

  private static void transpose(GradientContext c) {
    long[] perm = Attributes.intsOf(c.node(), "perm");
    int rank = c.graph().info(c.input(0)).rank();
    if (perm == null) {
      perm = new long[rank];
      for (int i = 0; i < rank; i++) {
        perm[i] = rank - 1 - i;
      }
    }
    long[] inverse = new long[rank];
    for (int i = 0; i < rank; i++) {
      inverse[(int) perm[i]] = i;
    }
    c.addInputGradient(0, c.graph().transpose(c.outputGradient(0), inverse));
  }

  private static void pad(GradientContext c) {
    GraphBuilder g = c.graph();
    String mode = Attributes.stringOf(c.node(), "mode", "constant");
    long[] pads = c.node().getInputCount() > 1 ? g.longConstant(c.input(1)) : null;
    if (!mode.equals("constant") || pads == null || c.node().getInputCount() > 3) {
      throw c.unsupported("only constant Pad with constant pads over all axes is supported");
    }
    TensorInfo y = g.info(c.output(0));
    int rank = y.rank();
    List<long[]> cuts = new ArrayList<>();
    for (int i = 0; i < rank; i++) {
      if (pads[i] + pads[i + rank] != 0) {
        if (y.dim(i) < 0) {
          throw c.unsupported("Pad of an axis of unknown size");
        }
        cuts.add(new long[] {pads[i], y.dim(i) - pads[i + rank], i});
      }
    }
    if (cuts.isEmpty()) {
      c.addInputGradient(0, c.outputGradient(0));
      return;
    }
    long[] starts = cuts.stream().mapToLong(cut -> cut[0]).toArray();
    long[] ends = cuts.stream().mapToLong(cut -> cut[1]).toArray();
    long[] axes = cuts.stream().mapToLong(cut -> cut[2]).toArray();
    c.addInputGradient(0, g.slice(c.outputGradient(0), starts, ends, axes));
  }

  private static void concat(GradientContext c) {
    GraphBuilder g = c.graph();
    int axis = (int) Attributes.intOf(c.node(), "axis", 0);
    int parts = c.node().getInputCount();
    long[] sizes = new long[parts];
    for (int i = 0; i < parts; i++) {
      sizes[i] = g.info(c.input(i)).dim(axis);
      if (sizes[i] < 0) {
        throw c.unsupported("Concat inputs need known sizes along axis " + axis);
      }
    }
    List<String> pieces = g.split(c.outputGradient(0), axis, sizes);
    for (int i = 0; i < parts; i++) {
      if (c.needsGradient(i)) {
        c.addInputGradient(i, pieces.get(i));
      }
    }
  }
}
