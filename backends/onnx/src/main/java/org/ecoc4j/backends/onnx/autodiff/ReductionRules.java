package org.ecoc4j.backends.onnx.autodiff;

import ai.onnx.proto.OnnxMl.NodeProto;
import org.ecoc4j.backends.onnx.graph.Attributes;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;
import org.ecoc4j.backends.onnx.graph.TensorInfo;

/** Gradients of ReduceSum, ReduceMean (broadcast back), ReduceSumSquare, Softmax and LogSoftmax. */
public final class ReductionRules {

  private ReductionRules() {}

  /**
   * The rule of ReduceSum: dX is dY broadcast over the reduced axes, contributed as dY with those
   * axes kept (size 1), which the {@link Differentiator}'s addition of contributions broadcasts.
   */
  public static final GradientRule REDUCE_SUM =
      c -> c.addInputGradient(0, kept(c, axesOfInput(c)));

  /** The rule of ReduceMean: ReduceSum's, dY scaled by one over the reduced count first. */
  public static final GradientRule REDUCE_MEAN = ReductionRules::reduceMean;

  /**
   * The rule of ReduceSumSquare (axes as attribute, opset 13 to 17): {@code dX = 2 X dY}, dY with
   * the reduced axes kept so that the Mul broadcasts it over them (no Expand).
   */
  public static final GradientRule REDUCE_SUM_SQUARE = ReductionRules::reduceSumSquare;

  /** The rule of LogSoftmax. */
  public static final GradientRule LOG_SOFTMAX = ReductionRules::logSoftmax;

  /** The rule of Softmax. */
  public static final GradientRule SOFTMAX = ReductionRules::softmax;

  private static void reduceMean(GradientContext c) {
    GraphBuilder g = c.graph();
    long[] axes = Attributes.intsOf(c.node(), "axes");
    axes = axes == null ? new long[0] : axes;
    TensorInfo x = g.info(c.input(0));
    long count = 1;
    for (int i = 0; i < x.rank(); i++) {
      if (reduced(axes, i, x.rank())) {
        if (x.dim(i) < 0) {
          throw c.unsupported("ReduceMean over an axis of unknown size in " + x);
        }
        count *= x.dim(i);
      }
    }
    c.addInputGradient(0, g.mul(kept(c, axes), g.scalar("mean_scale", 1f / count)));
  }

  private static void reduceSumSquare(GradientContext c) {
    GraphBuilder g = c.graph();
    long[] axes = Attributes.intsOf(c.node(), "axes");
    String dy = kept(c, axes == null ? new long[0] : axes);
    c.addInputGradient(0, g.mul(c.input(0), g.mul(dy, g.scalar("two", 2f))));
  }

  /** dY with the reduced axes kept (as size 1). */
  private static String kept(GradientContext c, long[] axes) {
    GraphBuilder g = c.graph();
    NodeProto node = c.node();
    TensorInfo x = g.info(c.input(0));
    String dy = c.outputGradient(0);
    if (Attributes.intOf(node, "keepdims", 1) == 0) {
      int count = 0;
      for (int i = 0; i < x.rank(); i++) {
        count += reduced(axes, i, x.rank()) ? 1 : 0;
      }
      long[] positions = new long[count];
      for (int i = 0, j = 0; i < x.rank(); i++) {
        if (reduced(axes, i, x.rank())) {
          positions[j++] = i;
        }
      }
      dy = g.unsqueeze(dy, positions);
    }
    return dy;
  }

  private static long[] axesOfInput(GradientContext c) {
    if (c.node().getInputCount() < 2 || c.input(1).isEmpty()) {
      return new long[0];
    }
    long[] axes = c.graph().longConstant(c.input(1));
    if (axes == null) {
      throw c.unsupported("ReduceSum axes must be a constant");
    }
    return axes;
  }

  private static boolean reduced(long[] axes, int axis, int rank) {
    if (axes.length == 0) {
      return true;
    }
    for (long a : axes) {
      if ((a < 0 ? a + rank : a) == axis) {
        return true;
      }
    }
    return false;
  }

  /** {@code dX = Y * (dY - sum(dY * Y))} along the softmax axis. */
  private static void softmax(GradientContext c) {
    GraphBuilder g = c.graph();
    TensorInfo x = g.info(c.input(0));
    int axis = x.normalize((int) Attributes.intOf(c.node(), "axis", -1));
    String y = c.output(0);
    String dy = c.outputGradient(0);
    String total = g.reduceSum(g.mul(dy, y), true, axis);
    c.addInputGradient(0, g.mul(y, g.sub(dy, total)));
  }

  private static void logSoftmax(GradientContext c) {
    GraphBuilder g = c.graph();
    TensorInfo x = g.info(c.input(0));
    int axis = x.normalize((int) Attributes.intOf(c.node(), "axis", -1));
    String dy = c.outputGradient(0);
    String softmax = g.exp(c.output(0));
    String total = g.reduceSum(dy, true, axis);
    c.addInputGradient(0, g.sub(dy, g.mul(softmax, total)));
  }
}
