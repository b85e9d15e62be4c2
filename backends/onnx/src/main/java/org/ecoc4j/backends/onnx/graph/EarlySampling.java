package org.ecoc4j.backends.onnx.graph;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Takes the subsampling of unpadded strided 1x1 convolutions up, before the per-element
 * operations that feed them. Such a convolution with strides s reads only the positions {@code
 * (s_h i, s_w j)} of its input, and an operation that works on each position alone (ReLU, a
 * per-channel scale or shift) commutes with picking positions:
 *
 * <pre>
 *   Conv_{1x1, stride s}(f(T)) = Conv_{1x1}(f(sample_s(T)))
 * </pre>
 *
 * <p>with {@code sample_s} the {@code Slice} of every s-th row and column ({@link
 * GraphBuilder#sample}). Where every path from a tensor T through such operations ends in such
 * convolutions, all of the same strides, T is sampled once, the operations run on a quarter of
 * the positions (for stride 2), and the convolutions run with stride 1. Differentiated, the
 * operations' gradients are a quarter of the size too, and T's gradient is one spread ({@link
 * GraphBuilder#spread}) where each strided convolution had one of its own. That is the
 * pre-activation residual network's stage change (resnet20v2): batch normalization (inference
 * mode, a scale and a shift) and ReLU of the block's input, read by a strided 1x1 convolution and
 * by the strided 1x1 shortcut.
 *
 * <p>The operations taken: Relu, LeakyRelu, Elu, Selu, Sigmoid, HardSigmoid, Tanh, Softplus,
 * Softsign, Neg, Abs, Exp, Log, Sqrt, Identity and Clip of a region tensor, and {@code Add},
 * {@code Sub}, {@code Mul}, {@code Div} of region tensors and operands that do not vary over H and
 * W (their last two dimensions are 1, or they have fewer); every output of T's shape, read by
 * nothing else and no graph output. The values are those of the graph as built (the same
 * operations on the same values; the convolutions' sums in their own order).
 */
public final class EarlySampling {

  private static final Set<String> UNARY = Set.of("Relu", "LeakyRelu", "Elu", "Selu", "Sigmoid",
      "HardSigmoid", "Tanh", "Softplus", "Softsign", "Neg", "Abs", "Exp", "Log", "Sqrt",
      "Identity", "Clip");

  private static final Set<String> BINARY = Set.of("Add", "Sub", "Mul", "Div");

  private EarlySampling() {}

  /**
   * Samples early in every such region of {@code g}.
   *
   * @return the number of per-element operations that now run on sampled tensors
   */
  public static int apply(GraphBuilder g) {
    int moved = 0;
    Optional<Region> next;
    while ((next = firstRegion(g)).isPresent()) {
      rewrite(g, next.get());
      moved += next.get().pointwise().size();
    }
    return moved;
  }

  /** A tensor, the operations fed from it and the convolutions that end its paths. */
  private record Region(String root, long[] strides, List<NodeProto> pointwise,
      List<NodeProto> convs) {}

  private static Optional<Region> firstRegion(GraphBuilder g) {
    List<NodeProto> nodes = g.nodes();
    Map<String, List<NodeProto>> readers = new HashMap<>();
    nodes.forEach(n -> n.getInputList()
        .forEach(i -> readers.computeIfAbsent(i, k -> new ArrayList<>()).add(n)));
    List<String> roots = new ArrayList<>(g.inputs());
    nodes.forEach(n -> roots.addAll(n.getOutputList()));
    Set<String> outputs = new HashSet<>(g.outputs());
    for (String root : roots) {
      Region region = grow(g, root, readers, outputs);
      if (region != null && !region.pointwise().isEmpty() && placeable(nodes, region, readers)) {
        return Optional.of(region);
      }
    }
    return Optional.empty();
  }

  /** The region from {@code root}, or null where a path leaves it by another way. */
  private static Region grow(GraphBuilder g, String root, Map<String, List<NodeProto>> readers,
      Set<String> outputs) {
    if (root.isEmpty() || !readers.containsKey(root)) {
      return null;
    }
    TensorInfo shape = g.info(root);
    if (shape.rank() != 4 || shape.dim(2) < 0 || shape.dim(3) < 0) {
      return null;
    }
    long[] strides = null;
    Set<String> tensors = new HashSet<>(List.of(root));
    Set<NodeProto> pointwise = new LinkedHashSet<>();
    Set<NodeProto> convs = new LinkedHashSet<>();
    Deque<String> pending = new ArrayDeque<>(List.of(root));
    while (!pending.isEmpty()) {
      String t = pending.pop();
      if (outputs.contains(t) || !readers.containsKey(t)) {
        return null;
      }
      for (NodeProto reader : readers.get(t)) {
        long[] s = stridedPointwiseConv(g, reader, t);
        if (s != null && (strides == null || Arrays.equals(strides, s))) {
          strides = s;
          convs.add(reader);
        } else if (s == null && perElement(g, reader, shape)) {
          if (pointwise.add(reader)) {
            tensors.add(reader.getOutput(0));
            pending.add(reader.getOutput(0));
          }
        } else {
          return null;
        }
      }
    }
    for (NodeProto node : pointwise) {
      for (String in : node.getInputList()) {
        if (!in.isEmpty() && !tensors.contains(in) && !constantOverPositions(g.info(in))) {
          return null;
        }
      }
    }
    return strides == null ? null
        : new Region(root, strides, new ArrayList<>(pointwise), new ArrayList<>(convs));
  }

  /**
   * The strides of {@code node} when it is an unpadded strided 1x1 {@code Conv} that reads
   * {@code t} as its input only; else null.
   */
  private static long[] stridedPointwiseConv(GraphBuilder g, NodeProto node, String t) {
    if (!node.getOpType().equals("Conv") || !node.getDomain().isEmpty()
        || node.getInputCount() < 2 || node.getInputCount() > 3 || node.getOutputCount() != 1
        || !node.getInput(0).equals(t) || node.getInputList().lastIndexOf(t) != 0) {
      return null;
    }
    TensorInfo w = g.info(node.getInput(1));
    long[] kernel = Attributes.intsOf(node, "kernel_shape");
    long[] strides = Attributes.intsOf(node, "strides");
    long[] pads = Attributes.intsOf(node, "pads");
    long[] dilations = Attributes.intsOf(node, "dilations");
    boolean pointwise = w.rank() == 4 && w.dim(2) == 1 && w.dim(3) == 1
        && (kernel == null || Arrays.equals(kernel, new long[] {1, 1}))
        && (pads == null || Arrays.stream(pads).allMatch(p -> p == 0))
        && (dilations == null || Arrays.equals(dilations, new long[] {1, 1}))
        && Attributes.stringOf(node, "auto_pad", "NOTSET").equals("NOTSET");
    boolean strided = strides != null && strides.length == 2 && strides[0] >= 1
        && strides[1] >= 1 && (strides[0] > 1 || strides[1] > 1);
    return pointwise && strided ? strides : null;
  }

  /** Whether {@code node} works on each position alone and keeps {@code shape}. */
  private static boolean perElement(GraphBuilder g, NodeProto node, TensorInfo shape) {
    boolean known = (UNARY.contains(node.getOpType()) || BINARY.contains(node.getOpType()))
        && node.getDomain().isEmpty() && node.getOutputCount() == 1;
    return known && g.info(node.getOutput(0)).equals(shape);
  }

  /** Whether a tensor of {@code info} broadcasts the same value over every row and column. */
  private static boolean constantOverPositions(TensorInfo info) {
    int r = info.rank();
    return r <= 4 && (r < 1 || info.dim(r - 1) == 1) && (r < 2 || info.dim(r - 2) == 1);
  }

  /**
   * Whether the new nodes, which go after the last node that makes what they read, come before
   * every node that reads a convolution's output.
   */
  private static boolean placeable(
      List<NodeProto> nodes, Region region, Map<String, List<NodeProto>> readers) {
    Set<NodeProto> old = new HashSet<>(region.pointwise());
    old.addAll(region.convs());
    Set<String> made = new HashSet<>();
    old.forEach(n -> made.addAll(n.getOutputList()));
    Set<String> read = new HashSet<>(List.of(region.root()));
    old.forEach(n -> n.getInputList().stream().filter(i -> !made.contains(i)).forEach(read::add));
    int lastMaker = -1;
    for (int i = 0; i < nodes.size(); i++) {
      if (!old.contains(nodes.get(i))
          && nodes.get(i).getOutputList().stream().anyMatch(read::contains)) {
        lastMaker = i;
      }
    }
    for (NodeProto conv : region.convs()) {
      for (NodeProto reader : readers.getOrDefault(conv.getOutput(0), List.of())) {
        if (nodes.indexOf(reader) <= lastMaker) {
          return false;
        }
      }
    }
    return true;
  }

  private static void rewrite(GraphBuilder g, Region region) {
    List<NodeProto> order = g.nodes();
    List<NodeProto> pointwise = new ArrayList<>(region.pointwise());
    pointwise.sort(Comparator.comparingInt(order::indexOf));
    int mark = g.nodeCount();
    Map<String, String> sampled = new HashMap<>();
    String root = g.sample(region.root(), region.root() + "_sample", region.strides());
    sampled.put(region.root(), root);
    long[] dims = g.info(root).dims();
    for (NodeProto node : pointwise) {
      String out = node.getOutput(0);
      sampled.put(out, g.node(node.getOpType(), "", renamed(node.getInputList(), sampled),
          List.of(out + "_sampled"), List.of(g.info(out).withDims(dims)),
          node.getAttributeList()).get(0));
    }
    Map<String, String> successors = new HashMap<>();
    for (NodeProto conv : region.convs()) {
      List<AttributeProto> attributes = new ArrayList<>();
      conv.getAttributeList().stream().filter(a -> !a.getName().equals("strides"))
          .forEach(attributes::add);
      String out = conv.getOutput(0);
      successors.put(out, g.node("Conv", "", renamed(conv.getInputList(), sampled),
          List.of(out + "_of_sampled"), List.of(g.info(out)), attributes).get(0));
    }
    List<NodeProto> old = new ArrayList<>(pointwise);
    old.addAll(region.convs());
    g.replace(old, mark, successors);
  }

  private static List<String> renamed(List<String> inputs, Map<String, String> names) {
    return inputs.stream().map(i -> names.getOrDefault(i, i)).toList();
  }
}
