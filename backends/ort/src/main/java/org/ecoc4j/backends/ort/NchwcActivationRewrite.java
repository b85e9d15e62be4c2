package org.ecoc4j.backends.ort;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
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

/**
 * Keeps the activations between the NCHWc convolutions of a training graph in the blocked layout
 * [N, C/b, H, W, b]: the element-wise work, the per-channel scaling of batch normalization and
 * its sums run on the blocked tensors, so that most {@code ReorderOutput}/{@code ReorderInput}
 * pairs around the convolutions (each a pass over the activation) go away. Runs on a graph that
 * {@link NchwcConvRewrite} has rewritten.
 *
 * <p>Every {@code ReorderOutput} of a rewritten convolution makes its NCHW output {@code t}
 * <em>virtual</em>: {@code t} has a blocked twin and no NCHW copy until a node needs one. Walking
 * the nodes in order, a node whose full-size inputs all have twins, at least one of them virtual,
 * runs on the twins instead and gives its output a twin (its NCHW output becomes virtual too):
 *
 * <ul>
 *   <li>element-wise operators ({@code Relu}, {@code Add}, {@code Mul}, {@code ReluGrad}, ...) of
 *       full-size tensors and one-element constants: the same node on the twins (an element-wise
 *       operator does not care where each value sits);
 *   <li>{@code Mul} or {@code Add} of a full-size tensor and a per-channel [1, C, 1, 1] tensor
 *       (batch normalization's {@code x a + b} and its gradient's terms): ONNX Runtime's NCHWc
 *       depthwise 1x1 {@code Conv} (group C, weights {@code a} as [C, 1, 1, 1], which in the
 *       blocked filter order of a depthwise kernel is the plain channel order), whose bias, fused
 *       {@code Relu} and {@code Sum} input then take a following {@code Add} of a per-channel
 *       tensor, a {@code Relu}, or an {@code Add} of another full-size tensor, where the
 *       convolution's output has no other reader: {@code y = Relu(x a + b)} is one pass;
 *   <li>{@code ReduceSum} and {@code ReduceSumSquare} over axes 0, 2, 3 with kept dims (batch
 *       normalization's sums): the twin viewed as [N, C/b, H, W, b], summed over H and W, then
 *       over N (the squares first by a {@code Mul}); [1, C/b, 1, 1, b] in that order is [1, C, 1,
 *       1] in channel order;
 *   <li>a {@code Slice} that keeps every s-th row and column from the first (a strided 1x1
 *       convolution's input for its weight gradient): a depthwise 1x1 NCHWc {@code Conv} of
 *       weights 1 with strides s, which MLAS splits over the threads where ONNX Runtime's {@code
 *       Slice} with steps runs on one;
 *   <li>a strided 1x1 convolution's input gradient spread by a zero {@code Pad} (as {@code
 *       ConvGradientRules.smallKernelsByCorrelation} writes it): the same {@code Pad} on the
 *       twin viewed with its blocks of b channels as the innermost axis.
 * </ul>
 *
 * <p>A {@code ReorderInput} of a tensor with a twin is dropped and its readers read the twin; a
 * {@code ReorderInput} of an NCHW tensor makes that tensor's twin. An element-wise node with a
 * virtual input and a full-size NCHW one without a twin gives the latter a twin by a {@code
 * ReorderInput} (the pass that writing the virtual one back would cost), so that what follows stays
 * blocked. Any other reader of a virtual tensor gets the NCHW copy from a {@code ReorderOutput} of
 * the twin, written once, just before that reader (for a weight gradient's correlation, in the
 * backward pass). The graph's inputs, outputs and every NCHW tensor that is still read keep their
 * names; the values are those of the original graph up to the rounding of other summation orders.
 */
final class NchwcActivationRewrite {

  /** Element-wise operators of the default domain: any layout computes the same values. */
  private static final Set<String> ELEMENT_WISE = Set.of(
      "Relu", "Neg", "Abs", "Elu", "LeakyRelu", "Sigmoid", "Tanh", "Exp", "Clip", "HardSigmoid",
      "Add", "Sub",
      "Mul", "Div", "Max", "Min");

  /** Element-wise gradient operators of ONNX Runtime's training domain. */
  private static final Set<String> ELEMENT_WISE_MS = Set.of("ReluGrad", "SigmoidGrad", "TanhGrad");

  private static final String MS = "com.microsoft";

  private final int block;

  /**
   * A rewrite for kernels of {@code block} channels per block.
   *
   * @throws IllegalArgumentException for a block size that is not a power of two of at least 4
   */
  NchwcActivationRewrite(int block) {
    this.block = NchwcBlock.checkedSize(block);
  }

  /** A rewritten model and the number of nodes moved to the blocked layout. */
  record Result(byte[] model, int nodes) {}

  /**
   * The model with its activations kept blocked where that saves reorders; the same bytes when
   * nothing moves.
   *
   * @throws IllegalArgumentException when the bytes are not an ONNX model
   */
  Result apply(byte[] model) {
    ModelProto parsed = GraphSignature.parse(model);
    Rewriting rewriting = new Rewriting(parsed.getGraph());
    GraphProto graph = rewriting.run();
    if (rewriting.moved == 0) {
      return new Result(model, 0);
    }
    return new Result(parsed.toBuilder().setGraph(graph).build().toByteArray(), rewriting.moved);
  }

  /** A blocked twin: its name and the NCHW dims [N, C, H, W] of the tensor it stands for. */
  private record Twin(String name, long[] dims) {}

  /** One pass over one graph. */
  private final class Rewriting {
    private final GraphProto graph;
    private final Map<String, long[]> dims = new HashMap<>();
    private final Map<String, TensorProto> initializers = new HashMap<>();
    /** The nodes that read each tensor, once per input that names it. */
    private final Map<String, List<NodeProto>> readers = new HashMap<>();
    /** Nodes of the graph whose work a moved node already did: left out when reached. */
    private final Set<NodeProto> consumed = new HashSet<>();
    private final Set<String> graphOutputs = new HashSet<>();
    private final Map<String, Twin> twins = new HashMap<>();
    /** NCHW tensors that have a twin and no NCHW copy (yet). */
    private final Set<String> virtual = new HashSet<>();
    /** Readers of a dropped ReorderInput's output read the twin: output -> twin. */
    private final Map<String, String> renamed = new HashMap<>();
    /** Depthwise convolutions this pass wrote, by output, with their NCHW tensor. */
    private final Map<String, String> depthwiseOf = new HashMap<>();
    private final List<NodeProto> nodes = new ArrayList<>();
    private final GraphAdditions additions;
    private int moved;

    Rewriting(GraphProto graph) {
      this.graph = graph;
      this.additions = new GraphAdditions(graph);
      for (List<ValueInfoProto> infos :
          List.of(graph.getInputList(), graph.getValueInfoList(), graph.getOutputList())) {
        for (ValueInfoProto v : infos) {
          long[] d = NchwcConvRewrite.floatDims(v);
          if (d != null) {
            dims.put(v.getName(), d);
          }
        }
      }
      for (TensorProto t : graph.getInitializerList()) {
        initializers.put(t.getName(), t);
        long[] d = NchwcConvRewrite.constantDims(t);
        if (d != null) {
          dims.put(t.getName(), d);
        }
      }
      for (NodeProto node : graph.getNodeList()) {
        node.getInputList().forEach(i -> readers.computeIfAbsent(i, k -> new ArrayList<>())
            .add(node));
      }
      graph.getOutputList().forEach(o -> graphOutputs.add(o.getName()));
    }

    GraphProto run() {
      for (NodeProto original : graph.getNodeList()) {
        if (consumed.remove(original)) {
          continue;
        }
        NodeProto node = renamedInputs(original);
        if (!(blockedReorderOutput(node) || droppedReorderInput(node) || movedReduction(node)
            || movedPerChannel(node) || movedElementWise(node) || movedStridedSlice(node)
            || movedSpread(node))) {
          materializeInputs(node);
          nodes.add(node);
        }
      }
      for (ValueInfoProto out : graph.getOutputList()) {
        if (virtual.contains(out.getName())) {
          materialize(out.getName());
        }
      }
      if (moved == 0) {
        return graph;
      }
      Set<String> written = new HashSet<>();
      nodes.forEach(n -> written.addAll(n.getOutputList()));
      List<ValueInfoProto> infos = graph.getValueInfoList().stream()
          .filter(v -> written.contains(v.getName()))
          .toList();
      return graph.toBuilder()
          .clearNode()
          .addAllNode(nodes)
          .addAllInitializer(additions.initializers())
          .clearValueInfo()
          .addAllValueInfo(infos)
          .build();
    }

    private NodeProto renamedInputs(NodeProto node) {
      boolean any = node.getInputList().stream().anyMatch(renamed::containsKey);
      if (!any) {
        return node;
      }
      NodeProto.Builder b = node.toBuilder().clearInput();
      node.getInputList().forEach(i -> b.addInput(renamed.getOrDefault(i, i)));
      return b.build();
    }

    /** A rewritten convolution's ReorderOutput: its output becomes virtual, with a twin. */
    private boolean blockedReorderOutput(NodeProto node) {
      if (!isNchwc(node, "ReorderOutput", 1)) {
        return false;
      }
      String t = node.getOutput(0);
      long[] d = dims.get(t);
      if (!blockable(d) || Attributes.intOf(node, "channels", -1) != d[1]) {
        return false;
      }
      twins.put(t, new Twin(node.getInput(0), d));
      virtual.add(t);
      return true;
    }

    /** A ReorderInput of a tensor with a twin: its readers read the twin. */
    private boolean droppedReorderInput(NodeProto node) {
      if (!isNchwc(node, "ReorderInput", 0)) {
        return false;
      }
      String t = node.getInput(0);
      Twin twin = twins.get(t);
      if (graphOutputs.contains(node.getOutput(0))) {
        return false;
      }
      if (twin == null) {
        long[] d = dims.get(t);
        if (blockable(d)) {
          nodes.add(node);
          twins.put(t, new Twin(node.getOutput(0), d));
          return true;
        }
        return false;
      }
      renamed.put(node.getOutput(0), twin.name);
      return true;
    }

    /** Whether a tensor of these dims can have a twin: [N, C, H, W] known, C a block multiple. */
    private boolean blockable(long[] d) {
      return d != null && d.length == 4 && known(d) && d[1] % block == 0;
    }

    /** Gives an NCHW tensor without a twin one, by a ReorderInput written before the reader. */
    private void blockInput(String t) {
      String blocked = additions.fresh(t + ".nchwc_input");
      nodes.add(
          additions.node("ReorderInput", NchwcConvRewrite.DOMAIN, List.of(t), blocked, List.of()));
      twins.put(t, new Twin(blocked, dims.get(t)));
    }

    /** ReduceSum / ReduceSumSquare over axes 0, 2, 3 with kept dims, of a tensor with a twin. */
    private boolean movedReduction(NodeProto node) {
      boolean squares = node.getOpType().equals("ReduceSumSquare");
      if (!(squares || node.getOpType().equals("ReduceSum")) || !node.getDomain().isEmpty()
          || Attributes.intOf(node, "keepdims", 1) != 1
          || Attributes.intOf(node, "noop_with_empty_axes", 0) != 0) {
        return false;
      }
      Twin twin = twins.get(node.getInput(0));
      long[] axes = squares || node.getInputCount() < 2
          ? Attributes.intsOf(node, "axes") : integers(node.getInput(1));
      if (twin == null || axes == null || (!squares && node.getInputCount() != 2)
          || (squares && node.getInputCount() != 1)) {
        return false;
      }
      long[] sorted = Arrays.stream(axes).map(a -> a < 0 ? a + 4 : a).sorted().toArray();
      if (!Arrays.equals(sorted, new long[] {0, 2, 3})) {
        return false;
      }
      long[] d = twin.dims;
      String source = twin.name;
      String y = node.getOutput(0);
      if (squares) {
        source = add("Mul", "", List.of(source, source), y + ".nchwc_squares", List.of());
      }
      String split = add("Reshape", "",
          List.of(source, longs(y + ".nchwc_split", d[0], d[1] / block, d[2], d[3], block)),
          y + ".nchwc_split", List.of());
      String planes = add("ReduceSum", "", List.of(split, longs(y + ".nchwc_planes_axes", 2, 3)),
          y + ".nchwc_planes", List.of(Attributes.of("keepdims", 1L)));
      String channels = add("ReduceSum", "", List.of(planes, longs(y + ".nchwc_batch_axes", 0)),
          y + ".nchwc_channels", List.of(Attributes.of("keepdims", 1L)));
      String shape = longs(y + ".nchwc_shape", 1, d[1], 1, 1);
      nodes.add(additions.node("Reshape", "", List.of(channels, shape), y, List.of()));
      moved++;
      return true;
    }

    /**
     * Mul or Add of a tensor with a virtual twin and a per-channel tensor: a depthwise 1x1 NCHWc
     * Conv, or the bias of the one that wrote the twin.
     */
    private boolean movedPerChannel(NodeProto node) {
      boolean mul = node.getOpType().equals("Mul");
      if (!(mul || node.getOpType().equals("Add")) || !node.getDomain().isEmpty()
          || node.getInputCount() != 2) {
        return false;
      }
      int full = twins.containsKey(node.getInput(0)) ? 0 : 1;
      String t = node.getInput(full);
      String perChannel = node.getInput(1 - full);
      Twin twin = twins.get(t);
      if (twin == null || !virtual.contains(t) || !isPerChannel(perChannel, twin.dims[1])) {
        return false;
      }
      String y = node.getOutput(0);
      long c = twin.dims[1];
      String vector = mul ? ""
          : add("Reshape", "", List.of(perChannel, longs(y + ".nchwc_vector", c)),
              y + ".nchwc_vector", List.of());
      NodeProto writer = fusable(t);
      if (!mul && writer != null && writer.getInput(2).isEmpty() && activation(writer) == null) {
        replace(writer, writer.toBuilder().setInput(2, vector).build(), y, twin.dims);
        return true;
      }
      String weights = mul
          ? add("Reshape", "", List.of(perChannel, longs(y + ".nchwc_weights", c, 1, 1, 1)),
              y + ".nchwc_weights", List.of())
          : additions.ones(c);
      String blocked = additions.fresh(y + ".nchwc_twin");
      NodeProto conv = additions.node("Conv", NchwcConvRewrite.DOMAIN,
          List.of(twin.name, weights, vector, ""), blocked,
          List.of(Attributes.of("group", c), Attributes.ofInts("kernel_shape", 1, 1)));
      nodes.add(conv);
      depthwiseOf.put(blocked, y);
      twinned(y, blocked, twin.dims);
      return true;
    }

    /**
     * A Slice of a tensor with a twin along H and W from 0 with steps s that keeps rows and
     * columns 0, s, 2s, ... to the end: a depthwise 1x1 NCHWc Conv of ones with strides s on the
     * twin, which keeps the same values (each times 1).
     */
    private boolean movedStridedSlice(NodeProto node) {
      if (!node.getOpType().equals("Slice") || !node.getDomain().isEmpty()
          || node.getInputCount() != 5) {
        return false;
      }
      Twin twin = twins.get(node.getInput(0));
      long[] starts = integers(node.getInput(1));
      long[] ends = integers(node.getInput(2));
      long[] axes = integers(node.getInput(3));
      long[] steps = integers(node.getInput(4));
      if (twin == null || starts == null || ends == null || axes == null || steps == null
          || !Arrays.equals(axes, new long[] {2, 3}) || !Arrays.equals(starts, new long[] {0, 0})
          || ends.length != 2 || steps.length != 2) {
        return false;
      }
      long[] d = twin.dims;
      long[] out = {d[0], d[1], 0, 0};
      for (int i = 0; i < 2; i++) {
        long size = d[2 + i];
        if (steps[i] < 1 || ends[i] < (size - 1) / steps[i] * steps[i] + 1) {
          return false;
        }
        out[2 + i] = (size - 1) / steps[i] + 1;
      }
      String y = node.getOutput(0);
      String blocked = additions.fresh(y + ".nchwc_twin");
      String ones = additions.ones(d[1]);
      nodes.add(additions.node("Conv", NchwcConvRewrite.DOMAIN, List.of(twin.name, ones, "", ""),
          blocked, List.of(Attributes.of("group", d[1]), Attributes.ofInts("kernel_shape", 1, 1),
              Attributes.ofInts("strides", steps))));
      twinned(y, blocked, out);
      return true;
    }

    /**
     * The input gradient of a strided 1x1 convolution as the autodiff writes it, {@code
     * Reshape(Pad(Reshape(t, [N, C, OH, 1, OW, 1]), zeros after axes 3 and 5), [N, C, s_h OH,
     * s_w OW])} (a Pad without a value: zeros), where {@code t} has a virtual twin and nothing else
     * reads the two inner tensors: the same on the twin viewed as [N, C/b, OH, 1, OW, 1, b],
     * padded after axes 3 and 5, which is the blocked [N, C, s_h OH, s_w OW] (each position's
     * block of b channels stays whole) and the twin of the last Reshape's output. The Pad and the
     * last Reshape are then left out.
     */
    private boolean movedSpread(NodeProto node) {
      if (!isReshape(node) || node.getInputCount() != 2) {
        return false;
      }
      Twin twin = twins.get(node.getInput(0));
      String rows = node.getOutput(0);
      NodeProto pad = sole(rows);
      if (twin == null || !virtual.contains(node.getInput(0)) || pad == null
          || !pad.getOpType().equals("Pad") || !pad.getDomain().isEmpty()
          || !Attributes.stringOf(pad, "mode", "constant").equals("constant")
          || pad.getInputCount() != 2) {
        return false;
      }
      NodeProto back = sole(pad.getOutput(0));
      long[] d = twin.dims;
      long[] pads = integers(pad.getInput(1));
      long[] out = back == null ? null : dims.get(back.getOutput(0));
      if (back == null || !isReshape(back) || pads == null || pads.length != 12
          || !blockable(out) || out[0] != d[0] || out[1] != d[1]
          || !Arrays.equals(dims.get(rows), new long[] {d[0], d[1], d[2], 1, d[3], 1})) {
        return false;
      }
      long[] after = {0, 0, 0, out[2] / d[2] - 1, 0, out[3] / d[3] - 1};
      long[] expected = new long[12];
      System.arraycopy(after, 0, expected, 6, 6);
      if (!Arrays.equals(pads, expected) || out[2] % d[2] != 0 || out[3] % d[3] != 0) {
        return false;
      }
      String y = back.getOutput(0);
      String split = add("Reshape", "",
          List.of(twin.name,
              longs(y + ".nchwc_rows", d[0], d[1] / block, d[2], 1, d[3], 1, block)),
          y + ".nchwc_rows", List.of());
      String spread = add("Pad", "",
          List.of(split, longs(y + ".nchwc_pads", 0, 0, 0, 0, 0, 0, 0,
              0, 0, 0, after[3], 0, after[5], 0)),
          y + ".nchwc_spread", List.of());
      twinned(y, add("Reshape", "", List.of(spread, longs(y + ".nchwc_shape", out)),
          y + ".nchwc_twin", List.of()), out);
      consumed.add(pad);
      consumed.add(back);
      return true;
    }

    /** The one node that reads {@code t}, when exactly one does and it is not a graph output. */
    private NodeProto sole(String t) {
      List<NodeProto> of = readers.getOrDefault(t, List.of());
      return of.size() == 1 && !graphOutputs.contains(t) ? of.get(0) : null;
    }

    private boolean isReshape(NodeProto node) {
      return node.getOpType().equals("Reshape") && node.getDomain().isEmpty();
    }

    /**
     * An element-wise node of full-size tensors that all have twins, one at least virtual, and
     * one-element tensors: the same node on the twins, or (Relu, Add of two full-size tensors)
     * the fused activation or Sum input of the depthwise Conv that wrote one of them.
     */
    private boolean movedElementWise(NodeProto node) {
      boolean ms = node.getDomain().equals(MS) && ELEMENT_WISE_MS.contains(node.getOpType());
      if (!ms && !(node.getDomain().isEmpty() && ELEMENT_WISE.contains(node.getOpType()))
          || node.getOutputCount() != 1) {
        return false;
      }
      String y = node.getOutput(0);
      long[] fullDims = dims.get(y);
      if (!blockable(fullDims)) {
        return false;
      }
      boolean anyVirtual = false;
      List<String> fulls = new ArrayList<>();
      List<String> unblocked = new ArrayList<>();
      for (String in : node.getInputList()) {
        Twin twin = twins.get(in);
        if (twin != null && Arrays.equals(fullDims, twin.dims)) {
          anyVirtual |= virtual.contains(in);
          fulls.add(in);
        } else if (twin == null && Arrays.equals(fullDims, dims.get(in))) {
          unblocked.add(in);
          fulls.add(in);
        } else if (twin != null || !(in.isEmpty() || isOneElement(in))) {
          return false;
        }
      }
      if (!anyVirtual) {
        return false;
      }
      // a full-size input without a twin gets one (a pass, as writing the virtual ones back
      // would be), so that what follows stays blocked
      unblocked.stream().distinct().forEach(this::blockInput);
      if (node.getOpType().equals("Relu") && node.getDomain().isEmpty()) {
        NodeProto writer = fusable(node.getInput(0));
        if (writer != null && activation(writer) == null) {
          replace(writer, writer.toBuilder().addAttribute(Attributes.of("activation", "Relu"))
              .build(), y, fullDims);
          return true;
        }
      }
      if (node.getOpType().equals("Add") && node.getDomain().isEmpty() && fulls.size() == 2) {
        for (int i = 0; i < 2; i++) {
          NodeProto writer = fusable(fulls.get(i));
          if (writer != null && activation(writer) == null && writer.getInput(3).isEmpty()) {
            NodeProto fused = writer.toBuilder().setInput(3, twins.get(fulls.get(1 - i)).name)
                .build();
            replace(writer, fused, y, fullDims);
            return true;
          }
        }
      }
      NodeProto.Builder b = node.toBuilder().clearInput().clearOutput()
          .setName(additions.fresh(node.getName() + ".nchwc"));
      for (String in : node.getInputList()) {
        Twin twin = twins.get(in);
        b.addInput(twin == null ? in : twin.name);
      }
      String blocked = additions.fresh(y + ".nchwc_twin");
      nodes.add(b.addOutput(blocked).build());
      twinned(y, blocked, fullDims);
      return true;
    }

    /**
     * The depthwise Conv this pass wrote as the twin of {@code t}, when nothing but the node
     * being moved reads {@code t}; else null.
     */
    private NodeProto fusable(String t) {
      Twin twin = twins.get(t);
      if (twin == null || !virtual.contains(t) || sole(t) == null
          || !t.equals(depthwiseOf.get(twin.name))) {
        return null;
      }
      for (NodeProto n : nodes) {
        if (n.getOutput(0).equals(twin.name)) {
          return n;
        }
      }
      return null;
    }

    /**
     * Moves {@code fused} (which replaces {@code writer}) to the end of the nodes, since an input
     * it took on may be written after the writer, and makes its output the twin of {@code y}.
     */
    private void replace(NodeProto writer, NodeProto fused, String y, long[] d) {
      nodes.remove(writer);
      nodes.add(fused);
      depthwiseOf.put(fused.getOutput(0), y);
      twinned(y, fused.getOutput(0), d);
    }

    private String activation(NodeProto conv) {
      return Attributes.stringOf(conv, "activation", null);
    }

    private void twinned(String y, String blocked, long[] d) {
      twins.put(y, new Twin(blocked, d));
      virtual.add(y);
      moved++;
    }

    private void materializeInputs(NodeProto node) {
      for (String in : node.getInputList()) {
        if (virtual.contains(in)) {
          materialize(in);
        }
      }
    }

    /** Writes the NCHW copy of a virtual tensor from its twin. */
    private void materialize(String t) {
      Twin twin = twins.get(t);
      nodes.add(additions.node("ReorderOutput", NchwcConvRewrite.DOMAIN, List.of(twin.name), t,
          List.of(Attributes.of("channels", twin.dims[1]))));
      virtual.remove(t);
    }

    private boolean isPerChannel(String name, long c) {
      long[] d = dims.get(name);
      return d != null && Arrays.equals(d, new long[] {1, c, 1, 1});
    }

    private boolean isOneElement(String name) {
      long[] d = dims.get(name);
      return d != null && Arrays.stream(d).allMatch(x -> x == 1);
    }

    private long[] integers(String name) {
      return NchwcConvRewrite.integerValues(initializers.get(name));
    }

    private String longs(String hint, long... values) {
      return additions.int64s(hint + "_values", values);
    }

    /** Appends a node writing a fresh tensor named after {@code hint}; returns its name. */
    private String add(
        String op, String domain, List<String> in, String hint, List<AttributeProto> attributes) {
      String out = additions.fresh(hint);
      nodes.add(additions.node(op, domain, in, out, attributes));
      return out;
    }

  }

  /** Whether {@code node} is the NCHWc operator {@code op} with that many attributes. */
  private static boolean isNchwc(NodeProto node, String op, int attributes) {
    return node.getOpType().equals(op) && node.getDomain().equals(NchwcConvRewrite.DOMAIN)
        && node.getAttributeCount() == attributes;
  }

  private static boolean known(long[] d) {
    return Arrays.stream(d).allMatch(x -> x > 0);
  }

}
