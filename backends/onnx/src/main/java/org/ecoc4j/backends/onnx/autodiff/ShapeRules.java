package org.ecoc4j.backends.onnx.autodiff;

import java.util.ArrayList;
import java.util.List;
import org.ecoc4j.backends.onnx.graph.Attributes;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;
import org.ecoc4j.backends.onnx.graph.TensorInfo;

/**
 * Gradients of Flatten, Reshape (reshape back), Concat (split), Transpose (inverse permutation)
 * zero Pad (slice) and Slice (zero pad).
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
   * and {@code size - end} after along each sliced axis.
   */
  private static void slice(GradientContext c) {
    GraphBuilder g = c.graph();
    int n = c.node().getInputCount();
    long[] starts = n > 1 ? g.longConstant(c.input(1)) : null;
    long[] ends = n > 2 ? g.longConstant(c.input(2)) : null;
    long[] axes = n > 3 ? g.longConstant(c.input(3)) : null;
    if (starts == null || ends == null || axes == null || n > 4) {
      throw c.unsupported("only constant starts, ends and axes with step 1");
    }
    TensorInfo x = g.info(c.input(0));
    long[] pads = new long[2 * x.rank()];
    for (int i = 0; i < axes.length; i++) {
      int a = x.normalize((int) axes[i]);
      if (x.dim(a) < 0) {
        throw c.unsupported("Slice of an axis of unknown size in " + x);
      }
      pads[a] = starts[i];
      pads[a + x.rank()] = x.dim(a) - ends[i];
    }
    c.addInputGradient(0, g.pad(c.outputGradient(0), pads));
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
