package org.ecoc4j.backends.ort;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ecoc4j.backends.onnx.graph.Attributes;
import org.ecoc4j.backends.onnx.graph.ElementType;
import org.ecoc4j.backends.onnx.graph.TensorInfo;
import org.ecoc4j.backends.onnx.graph.TensorValues;

/**
 * Rewrites the convolutions of a graph whose weights are computed or fed (not constants: the
 * trainable weights of a training graph, the flipped kernels of its input gradients) into ONNX
 * Runtime's NCHWc convolutions, which run MLAS's blocked direct-convolution kernels instead of its
 * per-image im2col and GEMM.
 *
 * <p>ONNX Runtime applies that layout by itself only to convolutions with constant weights (its
 * {@code NchwcTransformer} reorders an initializer once, when the session is created), so a
 * training graph never gets it. Each convolution {@code Y = Conv(X, W, B)} that qualifies becomes,
 * with {@code b} the block size of the machine's kernels ({@link NchwcBlock}), {@code O} and {@code
 * C} its output and input channels:
 *
 * <pre>
 *   W' = Reshape(Transpose(Reshape(W, [O/b, b, C/b, b, kh, kw]), perm 0 2 4 5 3 1), [O, C, kh, kw])
 *   Y  = ReorderOutput(nchwc.Conv(ReorderInput(X), W', B), channels = O)
 * </pre>
 *
 * <p>{@code W'} holds the weights in MLAS's OIHWBiBo order: for each block of b output channels
 * and each block of b input channels, the kernel taps in raster order, each a b x b block with the
 * output channel varying fastest (the order {@code MlasReorderFilterOIHWBiBo} writes for constant
 * weights). {@code ReorderInput} and {@code ReorderOutput} ({@code com.microsoft.nchwc}) move the
 * activations into and out of the blocked layout [N, C/b, H, W, b]; with C a multiple of b they
 * keep the element count. The convolution keeps its attributes (kernel, strides, pads,
 * dilations), so it computes the same values up to the rounding of another summation order.
 * Weights that are {@code Transpose(D, perm 1 0 2 3)} of a tensor D of known shape (the kernel of
 * a weight gradient's correlation: dY with batch and channels exchanged) are blocked straight
 * from D, through {@code ReorderInput(D)} and one transpose of whole blocks, and that Transpose
 * goes where nothing else reads its output. Weights that are the spatially flipped channel swap
 * of a tensor V (an input gradient's kernel, {@code Slice(Transpose(V, perm 1 0 2 3))} with steps
 * -1 over both spatial axes) are blocked straight from V: the flip as one {@code MatMul} of V's
 * taps [O C, kh kw] by the exchange matrix (each flipped tap is one tap times 1 plus zeros: the
 * same values for finite weights, a negative zero turned positive; a weight that is infinite or
 * NaN makes every tap of its channel pair NaN, where the Slice kept it to one tap; the
 * convolution's outputs are not finite either way) and one transpose that does the swap and the
 * blocking; the
 * Slice and the Transpose go where nothing else reads them. A tensor that several rewritten
 * convolutions read as their input, or as the source of a correlation kernel, is blocked once
 * ({@code ReorderInput} of dY serves both the input gradient's convolution and the weight
 * gradient's kernel). An input that is a zero {@code Pad} of the spatial axes, read by nothing
 * else (a correlation's transposed, padded input), is blocked before the padding, and the padding
 * is a depthwise 1x1 NCHWc {@code Conv} of weights 1 with those pads (ONNX Runtime's {@code Pad}
 * runs on one thread).
 *
 * <p>A convolution qualifies when it is a 2-D {@code Conv} of the default domain with one group,
 * no {@code auto_pad}, float weights of known static shape [O, C, kh, kw] and both O and C
 * multiples of b. Constant weights (initializers) qualify only in a rewrite made {@link
 * #withConstantWeights}: ONNX Runtime blocks those convolutions itself, but reorders around every
 * operator between them that its layout pass does not take; rewritten here, the activations
 * between them can stay blocked too ({@link NchwcActivationRewrite}), and the in-graph reorder of
 * an initializer is folded when the session opens. Others (a first layer of 1 or 3 channels,
 * grouped or depthwise convolutions, 6 or 20 channels) are left as they are. The graph's inputs, outputs and every tensor name are kept,
 * so whatever reads {@code Y} is unchanged; the new tensors get names that no tensor of the graph
 * has. The rewrite is meant for the graphs handed to a CPU session on this machine and never for
 * a file: the weight order depends on the block size of the machine's kernels.
 */
final class NchwcConvRewrite {

  /** ONNX Runtime's domain of the NCHWc operators. */
  static final String DOMAIN = "com.microsoft.nchwc";

  /** The attributes of a Conv that the NCHWc Conv takes over as they are. */
  private static final Set<String> CARRIED =
      Set.of("kernel_shape", "strides", "pads", "dilations", "group");

  private final int block;
  private final boolean constantWeights;

  /**
   * A rewrite for kernels of {@code block} channels per block, of the convolutions whose weights
   * are not constants.
   *
   * @throws IllegalArgumentException for a block size that is not a power of two of at least 4
   */
  NchwcConvRewrite(int block) {
    this(block, false);
  }

  private NchwcConvRewrite(int block, boolean constantWeights) {
    this.block = NchwcBlock.checkedSize(block);
    this.constantWeights = constantWeights;
  }

  /** This rewrite taking the convolutions whose weights are constants too. */
  NchwcConvRewrite withConstantWeights() {
    return new NchwcConvRewrite(block, true);
  }

  /** A rewritten model and the number of convolutions rewritten. */
  record Result(byte[] model, int convolutions) {}

  /**
   * The model with every qualifying convolution rewritten; the same bytes when none qualifies.
   *
   * @throws IllegalArgumentException when the bytes are not an ONNX model
   */
  Result apply(byte[] model) {
    ModelProto parsed = GraphSignature.parse(model);
    Rewriting rewriting = new Rewriting(parsed.getGraph());
    GraphProto graph = rewriting.run();
    if (rewriting.rewritten == 0) {
      return new Result(model, 0);
    }
    return new Result(
        importingDomain(parsed.toBuilder().setGraph(graph).build()).toByteArray(),
        rewriting.rewritten);
  }

  /** {@code model} declaring the {@value #DOMAIN} operator set, version 1, if it did not. */
  static ModelProto importingDomain(ModelProto model) {
    if (model.getOpsetImportList().stream().anyMatch(o -> o.getDomain().equals(DOMAIN))) {
      return model;
    }
    return model.toBuilder()
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain(DOMAIN).setVersion(1))
        .build();
  }

  /** One pass over one graph. */
  private final class Rewriting {
    private final GraphProto graph;
    private final Map<String, ValueInfoProto> declared = new HashMap<>();
    private final Set<String> constants = new HashSet<>();
    private final Map<String, String> reorderedWeights = new HashMap<>();
    private final Map<String, String> blockedInputs = new HashMap<>();
    private final Map<String, TensorProto> initializers = new HashMap<>();
    private final GraphAdditions additions;
    private final Map<String, NodeProto> producers = new HashMap<>();
    private final Map<String, Integer> readers = new HashMap<>();
    private final Set<NodeProto> replaced = new HashSet<>();
    private int rewritten;

    Rewriting(GraphProto graph) {
      this.graph = graph;
      this.additions = new GraphAdditions(graph);
      graph.getInputList().forEach(v -> declared.put(v.getName(), v));
      graph.getValueInfoList().forEach(v -> declared.put(v.getName(), v));
      graph.getOutputList().forEach(v -> declared.put(v.getName(), v));
      graph.getInitializerList().forEach(t -> {
        constants.add(t.getName());
        initializers.put(t.getName(), t);
      });
      for (NodeProto node : graph.getNodeList()) {
        node.getOutputList().forEach(o -> producers.put(o, node));
        node.getInputList().forEach(i -> readers.merge(i, 1, Integer::sum));
      }
      graph.getOutputList().forEach(o -> readers.merge(o.getName(), 1, Integer::sum));
    }

    GraphProto run() {
      List<NodeProto> nodes = new ArrayList<>();
      for (NodeProto node : graph.getNodeList()) {
        long[] w = qualifyingWeights(node);
        if (w == null) {
          nodes.add(node);
          continue;
        }
        NodeProto flip = flippedSwap(node.getInput(1), w);
        NodeProto swap = flip != null ? producers.get(flip.getInput(0))
            : channelSwap(node.getInput(1), w);
        if (flip != null) {
          replaced.add(flip);
          replaced.add(swap);
        } else if (swap != null && readers.get(node.getInput(1)) == 1) {
          replaced.add(swap);
        }
        nodes.addAll(replacement(node, w, swap, flip != null));
        rewritten++;
      }
      if (rewritten == 0) {
        return graph;
      }
      nodes.removeAll(replaced);
      return graph.toBuilder().clearNode().addAllNode(nodes)
          .addAllInitializer(additions.initializers()).build();
    }

    /**
     * The node writing {@code w} when it is {@code Transpose(D, perm 1 0 2 3)} of a float tensor D
     * of known shape [C, O, kh, kw] (as the correlation of a weight gradient has its kernel),
     * else null.
     */
    private NodeProto channelSwap(String w, long[] dims) {
      NodeProto producer = producers.get(w);
      if (producer == null || !producer.getOpType().equals("Transpose")
          || !producer.getDomain().isEmpty()
          || !Arrays.equals(Attributes.intsOf(producer, "perm"), new long[] {1, 0, 2, 3})) {
        return null;
      }
      long[] source = floatDims(declared.get(producer.getInput(0)));
      long[] swapped = {dims[1], dims[0], dims[2], dims[3]};
      return Arrays.equals(source, swapped) ? producer : null;
    }

    /**
     * The Slice writing {@code w} when {@code w} is {@code Slice(Transpose(V, perm 1 0 2 3))}
     * reversing both spatial axes whole, V of known shape [C, O, kh, kw] (an input gradient's
     * kernel), and nothing else reads the Slice or the Transpose; else null.
     */
    private NodeProto flippedSwap(String w, long[] dims) {
      NodeProto slice = producers.get(w);
      if (slice == null || !slice.getOpType().equals("Slice") || !slice.getDomain().isEmpty()
          || slice.getInputCount() != 5 || readers.get(w) != 1
          || readers.get(slice.getInput(0)) != 1
          || channelSwap(slice.getInput(0), dims) == null) {
        return null;
      }
      long[] starts = longs(slice.getInput(1));
      long[] ends = longs(slice.getInput(2));
      long[] axes = longs(slice.getInput(3));
      long[] steps = longs(slice.getInput(4));
      if (starts == null || ends == null || axes == null || steps == null || axes.length != 2
          || starts.length != 2 || ends.length != 2 || steps.length != 2) {
        return null;
      }
      boolean[] flipped = new boolean[4];
      for (int i = 0; i < 2; i++) {
        int axis = (int) (axes[i] < 0 ? axes[i] + 4 : axes[i]);
        if (axis < 2 || axis > 3 || flipped[axis] || steps[i] != -1) {
          return null;
        }
        long size = dims[axis];
        long start = starts[i] < 0 ? starts[i] + size : starts[i];
        if (start < size - 1 || ends[i] > -size - 1) {
          return null;
        }
        flipped[axis] = true;
      }
      return slice;
    }

    /** The values of an int64 or int32 initializer, or null when {@code name} is none. */
    private long[] longs(String name) {
      return integerValues(initializers.get(name));
    }

    /** The static weight dims [O, C, kh, kw] of a convolution that qualifies, else null. */
    private long[] qualifyingWeights(NodeProto node) {
      if (!node.getOpType().equals("Conv") || !node.getDomain().isEmpty()
          || node.getInputCount() < 2 || node.getOutputCount() != 1) {
        return null;
      }
      if (Attributes.intOf(node, "group", 1) != 1
          || !Attributes.stringOf(node, "auto_pad", "NOTSET").equals("NOTSET")) {
        return null;
      }
      for (AttributeProto a : node.getAttributeList()) {
        if (!CARRIED.contains(a.getName()) && !a.getName().equals("auto_pad")) {
          return null;
        }
      }
      String w = node.getInput(1);
      if (constants.contains(w) && !constantWeights) {
        return null;
      }
      long[] dims = constants.contains(w) ? constantDims(initializers.get(w))
          : floatDims(declared.get(w));
      if (dims == null || dims.length != 4) {
        return null;
      }
      for (long d : dims) {
        if (d < 1) {
          return null;
        }
      }
      return dims[0] % block == 0 && dims[1] % block == 0 ? dims : null;
    }

    private List<NodeProto> replacement(
        NodeProto conv, long[] w, NodeProto swap, boolean flipped) {
      List<NodeProto> nodes = new ArrayList<>();
      String weights = reorderedWeights.get(conv.getInput(1));
      if (weights == null) {
        if (flipped) {
          weights = reorderFlippedSwap(swap.getInput(0), conv.getInput(1), w, nodes);
        } else {
          weights = swap == null ? reorder(conv.getInput(1), w, nodes)
              : reorderSwapped(swap.getInput(0), conv.getInput(1), w, nodes);
        }
        reorderedWeights.put(conv.getInput(1), weights);
      }
      String y = conv.getOutput(0);
      String blockedInput = blockedInput(conv.getInput(0), y, nodes);
      String blockedOutput = additions.fresh(y + ".nchwc_output");
      List<String> inputs = new ArrayList<>(conv.getInputList());
      inputs.set(0, blockedInput);
      inputs.set(1, weights);
      List<AttributeProto> carried = conv.getAttributeList().stream()
          .filter(a -> CARRIED.contains(a.getName()))
          .toList();
      nodes.add(additions.node("Conv", DOMAIN, inputs, blockedOutput, carried));
      nodes.add(additions.node("ReorderOutput", DOMAIN, List.of(blockedOutput), y,
          List.of(Attributes.of("channels", w[0]))));
      return nodes;
    }

    /** Appends the nodes writing {@code w} in MLAS's OIHWBiBo order; returns their output. */
    private String reorder(String w, long[] dims, List<NodeProto> nodes) {
      long o = dims[0];
      long c = dims[1];
      return blocked(w, w, dims, nodes,
          new long[] {o / block, block, c / block, block, dims[2], dims[3]}, 0, 2, 4, 5, 3, 1);
    }

    /**
     * Appends the nodes writing {@code Transpose(d, perm 1 0 2 3)} in OIHWBiBo order straight
     * from d [C, O, kh, kw]: {@code ReorderInput(d)} blocks its second axis ([C, O/b, kh, kw, b],
     * MLAS's parallel reorder), and one transpose that keeps those blocks of b whole moves C's
     * blocks inside: [O/b, C/b, kh, kw, b (of C), b (of O)]. About twice as fast as the general
     * reorder of the transposed tensor, which moves single values (measured on dY of 1 to 2 M
     * values).
     */
    private String reorderSwapped(String d, String w, long[] dims, List<NodeProto> nodes) {
      long o = dims[0];
      long c = dims[1];
      String blockedInput = blockedInput(d, w, nodes);
      return blocked(blockedInput, w, dims, nodes,
          new long[] {c / block, block, o / block, dims[2], dims[3], block}, 2, 0, 3, 4, 1, 5);
    }

    /**
     * Appends the nodes writing {@code Slice(Transpose(v, perm 1 0 2 3))} flipped in both spatial
     * axes, in OIHWBiBo order, straight from v [C, O, kh, kw]: v's taps [C O, kh kw] times the
     * exchange matrix J (J[s, t] = 1 where s + t = kh kw - 1) reverse the raster order of the taps,
     * which is the flip of both axes, and one transpose blocks the result with C and O exchanged:
     * [O/b, C/b, kh, kw, b (of C), b (of O)]. ONNX Runtime's Slice with negative steps moves one
     * value at a time on one thread (1.5 ms for a [256, 256, 3, 3] kernel, the MatMul 0.17 ms).
     */
    private String reorderFlippedSwap(String v, String w, long[] dims, List<NodeProto> nodes) {
      long o = dims[0];
      long c = dims[1];
      int taps = Math.toIntExact(dims[2] * dims[3]);
      String flat = additions.fresh(w + ".nchwc_taps");
      String tapsShape = additions.int64s(w + ".nchwc_taps_shape", c * o, taps);
      nodes.add(additions.node("Reshape", "", List.of(v, tapsShape), flat, List.of()));
      String flipped = additions.fresh(w + ".nchwc_flipped");
      String exchange = exchange(w + ".nchwc_exchange", taps);
      nodes.add(additions.node("MatMul", "", List.of(flat, exchange), flipped, List.of()));
      return blocked(flipped, w, dims, nodes,
          new long[] {c / block, block, o / block, block, dims[2], dims[3]}, 2, 0, 4, 5, 1, 3);
    }

    /** A float initializer holding the n x n exchange matrix (ones on the anti-diagonal). */
    private String exchange(String hint, int n) {
      String name = additions.fresh(hint);
      TensorProto.Builder t = TensorProto.newBuilder()
          .setName(name)
          .setDataType(TensorProto.DataType.FLOAT_VALUE)
          .addDims(n)
          .addDims(n);
      for (int s = 0; s < n; s++) {
        for (int u = 0; u < n; u++) {
          t.addFloatData(s + u == n - 1 ? 1f : 0f);
        }
      }
      additions.initializer(t.build());
      return name;
    }

    /**
     * The blocked copy [N, C/b, H, W, b] of {@code x}, appending its {@code ReorderInput} the
     * first time {@code x} is asked for (every later reader shares it).
     */
    private String blockedInput(String x, String hint, List<NodeProto> nodes) {
      String blocked = blockedInputs.get(x);
      if (blocked == null) {
        long[] pads = zeroSpatialPads(x);
        if (pads == null) {
          blocked = additions.fresh(hint + ".nchwc_input");
          nodes.add(additions.node("ReorderInput", DOMAIN, List.of(x), blocked, List.of()));
        } else {
          NodeProto pad = producers.get(x);
          String source = blockedInput(pad.getInput(0), hint, nodes);
          long c = floatDims(declared.get(pad.getInput(0)))[1];
          blocked = additions.fresh(hint + ".nchwc_padded");
          nodes.add(additions.node("Conv", DOMAIN, List.of(source, additions.ones(c)), blocked,
              List.of(Attributes.of("group", c), Attributes.ofInts("kernel_shape", 1, 1),
                  Attributes.ofInts("pads", pads))));
          replaced.add(pad);
        }
        blockedInputs.put(x, blocked);
      }
      return blocked;
    }

    /**
     * The Conv pads [top, left, bottom, right] of {@code x} when it is a zero {@code Pad} of the
     * spatial axes alone of a tensor of known shape [N, C, H, W], C a multiple of the block, that
     * nothing else reads (a weight gradient's correlation pads its transposed input so); else null.
     * Such an input is blocked unpadded and padded by a depthwise 1x1 NCHWc Conv of weights 1 with
     * those pads (the same values: the padding reads zeros, the rest is times 1): ONNX Runtime's
     * {@code Pad} runs on one thread, 2.5 ms for [64, 64, 32, 32], the Conv on all, 1.5 ms.
     */
    private long[] zeroSpatialPads(String x) {
      NodeProto pad = producers.get(x);
      if (pad == null || !pad.getOpType().equals("Pad") || !pad.getDomain().isEmpty()
          || readers.get(x) != 1 || pad.getInputCount() < 2 || pad.getInputCount() > 3
          || !Attributes.stringOf(pad, "mode", "constant").equals("constant")) {
        return null;
      }
      if (pad.getInputCount() == 3 && !pad.getInput(2).isEmpty()) {
        TensorProto value = initializers.get(pad.getInput(2));
        if (value == null || value.getDataType() != ElementType.FLOAT
            || value.getFloatDataCount() != 1 || value.getFloatData(0) != 0f) {
          return null;
        }
      }
      long[] p = longs(pad.getInput(1));
      long[] d = floatDims(declared.get(pad.getInput(0)));
      if (p == null || p.length != 8 || d == null || d.length != 4 || d[1] < 1
          || d[1] % block != 0 || p[0] != 0 || p[1] != 0 || p[4] != 0 || p[5] != 0) {
        return null;
      }
      long[] spatial = {p[2], p[3], p[6], p[7]};
      for (long v : spatial) {
        if (v < 0) {
          return null;
        }
      }
      return spatial;
    }

    /**
     * Appends {@code Reshape(Transpose(Reshape(source, split), perm), dims)}, the weights {@code
     * w} in OIHWBiBo order; returns its output.
     */
    private String blocked(String source, String w, long[] dims, List<NodeProto> nodes,
        long[] split, long... perm) {
      String parts = additions.fresh(w + ".nchwc_blocks");
      String splitShape = additions.int64s(w + ".nchwc_blocks_shape", split);
      nodes.add(additions.node("Reshape", "", List.of(source, splitShape), parts, List.of()));
      String moved = additions.fresh(w + ".nchwc_order");
      nodes.add(additions.node("Transpose", "", List.of(parts), moved,
          List.of(Attributes.ofInts("perm", perm))));
      String reordered = additions.fresh(w + ".nchwc");
      String shape = additions.int64s(w + ".nchwc_shape", dims);
      nodes.add(additions.node("Reshape", "", List.of(moved, shape), reordered, List.of()));
      return reordered;
    }
  }

  /** The dims of a float initializer, or null for another type. */
  static long[] constantDims(TensorProto t) {
    return t.getDataType() == ElementType.FLOAT
        ? t.getDimsList().stream().mapToLong(Long::longValue).toArray() : null;
  }

  /** The values of an int64 or int32 tensor, or null when {@code t} is null or of another type. */
  static long[] integerValues(TensorProto t) {
    if (t == null || (t.getDataType() != ElementType.INT64
        && t.getDataType() != ElementType.INT32)) {
      return null;
    }
    return TensorValues.integers(t);
  }

  /**
   * The dims of a float tensor's declared shape (unknown sizes negative), or null when it is not
   * a float tensor with a declared shape.
   */
  static long[] floatDims(ValueInfoProto info) {
    if (info == null || !info.getType().hasTensorType()
        || !info.getType().getTensorType().hasShape()) {
      return null;
    }
    TensorInfo tensor = GraphSignature.tensorInfo(info);
    return tensor.elementType() == ElementType.FLOAT ? tensor.dims() : null;
  }
}
