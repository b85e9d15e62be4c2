package org.ecoc4j.backends.onnx.autodiff;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.ArrayList;
import java.util.List;
import org.ecoc4j.backends.onnx.graph.Attributes;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;
import org.ecoc4j.backends.onnx.graph.TensorInfo;

/**
 * Gradients of the layers: Conv (ONNX Runtime's {@code ConvGrad}), MaxPool ({@code MaxPoolGrad}
 * from the argmax indices, CPU only), Gemm and MatMul (Gemm again), GlobalAveragePool (spread
 * evenly).
 */
public final class LayerRules {

  private LayerRules() {}

  /**
   * The MaxPool gradient from operators with CUDA kernels and no fixed shape: the output gradient
   * scattered (added) into zeros at the argmax indices, which ONNX's MaxPool counts over the whole
   * flattened input.
   */
  static void maxPoolByScatter(GradientContext c) {
    GraphBuilder g = c.graph();
    NodeProto node = c.node();
    if (node.getOutputCount() < 2 || node.getOutput(1).isEmpty()) {
      throw c.unsupported("MaxPool must output its Indices to be differentiated");
    }
    String flatInput = g.reshape(c.input(0), -1);
    String scattered =
        g.scatterAdd(
            g.zerosLike(flatInput),
            g.reshape(c.output(1), -1),
            g.reshape(c.outputGradient(0), -1));
    c.addInputGradient(0, g.reshapeLike(scattered, c.input(0)));
  }

  /** The rule of Conv. */
  public static final GradientRule CONV = LayerRules::conv;

  /** The rule of MaxPool. */
  public static final GradientRule MAX_POOL = LayerRules::maxPool;

  /** The rule of Gemm. */
  public static final GradientRule GEMM = LayerRules::gemm;

  /** The rule of MatMul. */
  public static final GradientRule MAT_MUL = LayerRules::matMul;

  /** The rule of GlobalAveragePool. */
  public static final GradientRule GLOBAL_AVERAGE_POOL = LayerRules::globalAveragePool;

  private static void conv(GradientContext c) {
    int inputs = c.node().getInputCount();
    boolean[] needed = new boolean[inputs];
    for (int i = 0; i < inputs; i++) {
      needed[i] = c.needsGradient(i);
    }
    List<String> outs = convGrad(c, needed);
    for (int i = 0; i < inputs; i++) {
      if (needed[i]) {
        c.addInputGradient(i, outs.get(i));
      }
    }
  }

  /**
   * Appends ONNX Runtime's {@code ConvGrad} of the Conv node being differentiated, with the
   * Conv's attributes, asked for the gradients of the inputs {@code wanted} marks (X, W, B);
   * returns its outputs, {@code ""} for those not asked for.
   */
  static List<String> convGrad(GradientContext c, boolean... wanted) {
    GraphBuilder g = c.graph();
    List<String> hints = new ArrayList<>();
    List<TensorInfo> infos = new ArrayList<>();
    for (int i = 0; i < wanted.length; i++) {
      hints.add(wanted[i] ? c.input(i) + "_d" : null);
      infos.add(wanted[i] ? g.info(c.input(i)) : null);
    }
    return g.node(
        "ConvGrad",
        GraphBuilder.MS_DOMAIN,
        List.of(c.outputGradient(0), c.input(0), c.input(1)),
        hints,
        infos,
        c.node().getAttributeList());
  }

  private static void maxPool(GradientContext c) {
    GraphBuilder g = c.graph();
    NodeProto node = c.node();
    if (node.getOutputCount() < 2 || node.getOutput(1).isEmpty()) {
      throw c.unsupported("MaxPool must output its Indices to be differentiated");
    }
    TensorInfo x = g.info(c.input(0));
    if (!x.isStatic()) {
      throw c.unsupported("MaxPoolGrad needs a fully known input shape, got " + x);
    }
    String dx =
        g.node(
                "MaxPoolGrad",
                "",
                List.of(c.outputGradient(0), c.output(1)),
                List.of(c.input(0) + "_d"),
                List.of(x),
                node.getAttributeList())
            .get(0);
    c.addInputGradient(0, dx);
  }

  private static void gemm(GradientContext c) {
    GraphBuilder g = c.graph();
    NodeProto node = c.node();
    if (Attributes.intOf(node, "transA", 0) != 0
        || Attributes.floatOf(node, "alpha", 1f) != 1f
        || Attributes.floatOf(node, "beta", 1f) != 1f) {
      throw c.unsupported("only transA = 0, alpha = 1, beta = 1 are supported");
    }
    boolean transB = Attributes.intOf(node, "transB", 0) != 0;
    String dy = c.outputGradient(0);
    String a = c.input(0);
    String b = c.input(1);
    if (c.needsGradient(0)) {
      // Y = A op(B): dA = dY op(B)^T
      c.addInputGradient(0, gemm(g, dy, b, false, !transB, g.info(a), a + "_d"));
    }
    if (c.needsGradient(1)) {
      // transB: dB = dY^T A, else dB = A^T dY
      String db =
          transB
              ? gemm(g, dy, a, true, false, g.info(b), b + "_d")
              : gemm(g, a, dy, true, false, g.info(b), b + "_d");
      c.addInputGradient(1, db);
    }
    if (node.getInputCount() > 2 && c.needsGradient(2)) {
      c.addInputGradient(2, Broadcasting.reduceTo(g, dy, c.input(2)));
    }
  }

  /**
   * {@code Y = A B}: for matrices {@code dA = dY B^T} and {@code dB = A^T dY} (two Gemm). For
   * stacks [..., M, K] x [..., K, N] broadcast over their leading dimensions, the same per matrix
   * of the stack, {@code dA = dY B^T} and {@code dB = A^T dY} as batched MatMuls (the last two
   * axes transposed), each summed over the leading axes along which its operand was broadcast and
   * given the operand's shape ({@link Broadcasting#reduceTo}).
   */
  private static void matMul(GradientContext c) {
    GraphBuilder g = c.graph();
    String a = c.input(0);
    String b = c.input(1);
    int ra = g.info(a).rank();
    int rb = g.info(b).rank();
    if (ra < 2 || rb < 2) {
      throw c.unsupported("only MatMul of matrices or stacks of matrices (no vectors)");
    }
    String dy = c.outputGradient(0);
    if (ra > 2 || rb > 2) {
      if (c.needsGradient(0)) {
        String da = g.matMul(dy, g.transpose(b, lastTwoSwapped(rb)));
        c.addInputGradient(0, Broadcasting.reduceTo(g, da, a));
      }
      if (c.needsGradient(1)) {
        String db = g.matMul(g.transpose(a, lastTwoSwapped(ra)), dy);
        c.addInputGradient(1, Broadcasting.reduceTo(g, db, b));
      }
      return;
    }
    if (c.needsGradient(0)) {
      c.addInputGradient(0, gemm(g, dy, b, false, true, g.info(a), a + "_d"));
    }
    if (c.needsGradient(1)) {
      c.addInputGradient(1, gemm(g, a, dy, true, false, g.info(b), b + "_d"));
    }
  }

  /** The permutation of {@code rank} axes that swaps the last two. */
  private static long[] lastTwoSwapped(int rank) {
    long[] perm = new long[rank];
    for (int i = 0; i < rank; i++) {
      perm[i] = i;
    }
    perm[rank - 2] = rank - 1;
    perm[rank - 1] = rank - 2;
    return perm;
  }

  private static void globalAveragePool(GradientContext c) {
    GraphBuilder g = c.graph();
    TensorInfo x = g.info(c.input(0));
    if (x.dim(2) < 0 || x.dim(3) < 0) {
      throw c.unsupported("GlobalAveragePool needs known spatial sizes, got " + x);
    }
    String spread = g.expandLike(c.outputGradient(0), c.input(0));
    c.addInputGradient(0, g.mul(spread, g.scalar("pool_scale", 1f / (x.dim(2) * x.dim(3)))));
  }

  private static String gemm(
      GraphBuilder g, String x, String y, boolean transX, boolean transY, TensorInfo out,
      String hint) {
    return g.node(
            "Gemm",
            "",
            List.of(x, y),
            List.of(hint),
            List.of(out),
            List.of(
                Attributes.of("transA", transX ? 1L : 0L),
                Attributes.of("transB", transY ? 1L : 0L)))
        .get(0);
  }
}
