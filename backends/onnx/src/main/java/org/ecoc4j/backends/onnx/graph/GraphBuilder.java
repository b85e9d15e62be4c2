package org.ecoc4j.backends.onnx.graph;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.ecoc4j.api.symbolic.BatchMixing;

/**
 * Builds an ONNX graph node by node, inferring the element type and shape of every tensor it
 * creates, so that later stages (differentiation, value_info for ONNX Runtime's gradient kernels)
 * know them.
 *
 * <p>Standard operators use opset {@value #OPSET}; ONNX Runtime's training operators live in the
 * {@value #MS_DOMAIN} domain, version 1. Tensor names are unique: {@link #fresh(String)} derives a
 * new name from a hint. Not thread-safe.
 */
public final class GraphBuilder {

  /** The standard opset version graphs declare. */
  public static final int OPSET = 17;

  /** ONNX Runtime's contrib and training operator domain. */
  public static final String MS_DOMAIN = "com.microsoft";

  /** The IR version models declare. */
  public static final int IR_VERSION = 8;

  /** Input name of the matrix of a batch mixing drawn per step ({@link #stepMixing}). */
  public static final String STEP_MIXING = "batch_mixing";

  private final List<NodeProto> nodes = new ArrayList<>();
  private final List<String> inputs = new ArrayList<>();
  private final List<String> outputs = new ArrayList<>();
  private final Map<String, TensorProto> initializers = new LinkedHashMap<>();
  private final Map<String, TensorInfo> infos = new HashMap<>();
  private final Map<String, long[]> longConstants = new HashMap<>();
  private final Set<String> names = new HashSet<>();
  private final Map<String, Integer> counters = new HashMap<>();
  private BatchMixing stepMixing;

  /** A name not used yet, derived from {@code hint}. */
  public String fresh(String hint) {
    if (names.add(hint)) {
      return hint;
    }
    int n = counters.getOrDefault(hint, 0);
    String name;
    do {
      n++;
      name = hint + "_" + n;
    } while (!names.add(name));
    counters.put(hint, n);
    return name;
  }

  /**
   * Declares a graph input.
   *
   * @throws IllegalArgumentException if the name is taken
   */
  public String input(String name, TensorInfo info) {
    claim(name);
    inputs.add(name);
    infos.put(name, info);
    return name;
  }

  /**
   * Marks an existing tensor as a graph output.
   *
   * @throws IllegalArgumentException for an unknown tensor or one already an output
   */
  public void output(String name) {
    info(name);
    if (outputs.contains(name)) {
      throw new IllegalArgumentException("'" + name + "' is already a graph output");
    }
    outputs.add(name);
  }

  /** A float initializer of the given dimensions holding {@code values} (copied). */
  public String constant(String hint, float[] values, long... dims) {
    TensorInfo info = TensorInfo.floats(dims);
    if (info.elementCount() != values.length) {
      throw new IllegalArgumentException(
          values.length + " values do not fill " + info + " for constant '" + hint + "'");
    }
    ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(values);
    return initializer(hint, info, ByteString.copyFrom(bytes.array()));
  }

  /**
   * A float initializer named exactly {@code name}, e.g. a frozen parameter.
   *
   * @throws IllegalArgumentException if the name is taken or the values do not fill the dims
   */
  public String namedConstant(String name, float[] values, long... dims) {
    claim(name);
    names.remove(name);
    String made = constant(name, values, dims);
    if (!made.equals(name)) {
      throw new IllegalStateException("could not name constant '" + name + "'");
    }
    return made;
  }

  /** A float scalar (rank 0) initializer. */
  public String scalar(String hint, float value) {
    return constant(hint, new float[] {value});
  }

  /** A one-dimensional int64 initializer, e.g. a shape or a list of axes. */
  public String longs(String hint, long... values) {
    ByteBuffer bytes = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asLongBuffer().put(values);
    String name = initializer(hint, TensorInfo.longs(values.length), ByteString.copyFrom(bytes.array()));
    longConstants.put(name, values.clone());
    return name;
  }

  private String initializer(String hint, TensorInfo info, ByteString raw) {
    String name = fresh(hint);
    TensorProto.Builder t =
        TensorProto.newBuilder().setName(name).setDataType(info.elementType()).setRawData(raw);
    for (long d : info.dims()) {
      t.addDims(d);
    }
    initializers.put(name, t.build());
    infos.put(name, info);
    return name;
  }

  /** The values of an int64 initializer made by {@link #longs}, or {@code null}. */
  public long[] longConstant(String name) {
    long[] values = longConstants.get(name);
    return values == null ? null : values.clone();
  }

  /**
   * Type and shape of a tensor.
   *
   * @throws IllegalArgumentException for a tensor this graph does not hold
   */
  public TensorInfo info(String name) {
    TensorInfo info = infos.get(name);
    if (info == null) {
      throw new IllegalArgumentException("no tensor named '" + name + "' in the graph");
    }
    return info;
  }

  /** The nodes so far, in topological order (a copy). */
  public List<NodeProto> nodes() {
    return List.copyOf(nodes);
  }

  /** The number of nodes so far: the mark from which {@link #replace} takes the new nodes. */
  public int nodeCount() {
    return nodes.size();
  }

  /**
   * Replaces nodes by others built after them, under the old nodes' output names: removes {@code
   * old}, moves the nodes appended since {@code mark} to where the first of {@code old} stood (or,
   * where they read a tensor that a node after it makes, to just after the last such node), and
   * gives each tensor of {@code successors} the name of the old output it succeeds, so that what
   * read the old output (nodes, graph outputs, callers holding its name) reads the new tensor.
   *
   * @param old nodes of this graph before {@code mark}
   * @param mark a {@link #nodeCount()} taken before the replacing nodes were appended
   * @param successors by output of {@code old}, the tensor of a node appended since {@code mark}
   *     that takes its place and name: of the same type and shape. An output of {@code old}
   *     without one must be unread
   * @throws IllegalArgumentException when a node of {@code old} is not in the graph before the
   *     mark, a successor is not such a tensor, an output of {@code old} that something reads has
   *     none, or the moved nodes read a tensor made only after the place they move to; the graph
   *     is then unchanged
   */
  public void replace(List<NodeProto> old, int mark, Map<String, String> successors) {
    if (old.isEmpty() || mark < 0 || mark > nodes.size()) {
      throw new IllegalArgumentException(
          "replace needs nodes to remove and a mark within 0.." + nodes.size() + ", got "
              + old.size() + " nodes and mark " + mark);
    }
    List<NodeProto> kept = new ArrayList<>(nodes.subList(0, mark));
    int place = Integer.MAX_VALUE;
    for (NodeProto node : old) {
      int at = kept.indexOf(node);
      if (at < 0) {
        throw new IllegalArgumentException(
            "node '" + node.getName() + "' is not in the graph before mark " + mark);
      }
      place = Math.min(place, at);
    }
    kept.removeAll(old);
    List<NodeProto> added = nodes.subList(mark, nodes.size());
    place = Math.max(place, afterLastMaker(kept, added));
    Map<String, String> naming = successorNames(old, added, successors);
    for (NodeProto node : kept) {
      checkSucceeded(node.getInputList(), old, successors, "node '" + node.getName() + "'");
    }
    checkSucceeded(outputs, old, successors, "the graph outputs");
    List<NodeProto> result = new ArrayList<>(kept.subList(0, place));
    for (NodeProto node : added) {
      result.add(renamed(node, naming));
    }
    result.addAll(kept.subList(place, kept.size()));
    checkOrder(result);
    nodes.clear();
    nodes.addAll(result);
    naming.keySet().forEach(infos::remove);
    for (NodeProto node : old) {
      node.getOutputList().stream().filter(o -> !successors.containsKey(o)).forEach(infos::remove);
    }
  }

  /**
   * The index just after the last node of {@code kept} that makes a tensor one of {@code added}
   * reads (0 for none).
   */
  private static int afterLastMaker(List<NodeProto> kept, List<NodeProto> added) {
    Set<String> read = new HashSet<>();
    added.forEach(n -> read.addAll(n.getInputList()));
    added.forEach(n -> n.getOutputList().forEach(read::remove));
    int after = 0;
    for (int i = 0; i < kept.size(); i++) {
      if (kept.get(i).getOutputList().stream().anyMatch(read::contains)) {
        after = i + 1;
      }
    }
    return after;
  }

  /** From each successor's own name to the name it takes, checked. */
  private Map<String, String> successorNames(
      List<NodeProto> old, List<NodeProto> added, Map<String, String> successors) {
    Set<String> oldOutputs = new HashSet<>();
    old.forEach(n -> oldOutputs.addAll(n.getOutputList()));
    Set<String> made = new HashSet<>();
    added.forEach(n -> made.addAll(n.getOutputList()));
    Map<String, String> naming = new HashMap<>();
    successors.forEach((was, now) -> {
      if (was.isEmpty() || !oldOutputs.contains(was) || !made.contains(now)
          || !info(was).equals(info(now)) || naming.put(now, was) != null) {
        throw new IllegalArgumentException("'" + now + "' cannot succeed '" + was + "': it must"
            + " be made after the mark, once, with the type and shape of an output of the"
            + " replaced nodes");
      }
    });
    return naming;
  }

  private static void checkSucceeded(
      List<String> reads, List<NodeProto> old, Map<String, String> successors, String reader) {
    for (NodeProto node : old) {
      for (String out : node.getOutputList()) {
        if (!out.isEmpty() && reads.contains(out) && !successors.containsKey(out)) {
          throw new IllegalArgumentException(
              reader + " reads '" + out + "', which the replacement does not make");
        }
      }
    }
  }

  private static NodeProto renamed(NodeProto node, Map<String, String> naming) {
    NodeProto.Builder b = node.toBuilder().clearInput().clearOutput();
    node.getInputList().forEach(in -> b.addInput(naming.getOrDefault(in, in)));
    node.getOutputList().forEach(out -> b.addOutput(naming.getOrDefault(out, out)));
    return b.build();
  }

  /** Checks that every node reads only graph inputs, initializers and earlier nodes' outputs. */
  private void checkOrder(List<NodeProto> order) {
    Set<String> made = new HashSet<>(inputs);
    made.addAll(initializers.keySet());
    for (NodeProto node : order) {
      for (String in : node.getInputList()) {
        if (!in.isEmpty() && !made.contains(in)) {
          throw new IllegalArgumentException(
              "node '" + node.getName() + "' would read '" + in + "' before it is made");
        }
      }
      made.addAll(node.getOutputList());
    }
  }

  /** The graph inputs so far, in order (a copy). */
  public List<String> inputs() {
    return List.copyOf(inputs);
  }

  /** The graph outputs so far, in order (a copy). */
  public List<String> outputs() {
    return List.copyOf(outputs);
  }

  /**
   * Appends a node whose outputs get the given types and shapes.
   *
   * @param opType operator
   * @param domain {@code ""} or {@link #MS_DOMAIN}
   * @param in input names; {@code ""} for an omitted optional input
   * @param outHints hints for the output names; {@code null} for an omitted optional output
   * @param outInfos type and shape of each output; {@code null} for omitted outputs
   * @param attributes node attributes
   * @return the output names, {@code ""} for omitted ones
   */
  public List<String> node(
      String opType,
      String domain,
      List<String> in,
      List<String> outHints,
      List<TensorInfo> outInfos,
      List<AttributeProto> attributes) {
    if (outHints.size() != outInfos.size()) {
      throw new IllegalArgumentException("output hints and infos differ in number for " + opType);
    }
    for (String name : in) {
      if (!name.isEmpty()) {
        info(name);
      }
    }
    NodeProto.Builder node =
        NodeProto.newBuilder()
            .setOpType(opType)
            .setDomain(domain)
            .setName(fresh("node_" + opType));
    node.addAllInput(in);
    List<String> outs = new ArrayList<>();
    for (int i = 0; i < outHints.size(); i++) {
      if (outHints.get(i) == null) {
        outs.add("");
        continue;
      }
      String name = fresh(outHints.get(i));
      infos.put(name, Objects.requireNonNull(outInfos.get(i), "info of output " + i));
      outs.add(name);
    }
    node.addAllOutput(outs);
    node.addAllAttribute(attributes);
    nodes.add(node.build());
    return outs;
  }

  private String single(String opType, List<String> in, TensorInfo out, AttributeProto... attrs) {
    return node(opType, "", in, List.of(lower(opType)), List.of(out), List.of(attrs)).get(0);
  }

  private static String lower(String opType) {
    return Character.toLowerCase(opType.charAt(0)) + opType.substring(1);
  }

  // ---- element-wise ----

  /** {@code Relu(x)}. */
  public String relu(String x) {
    return single("Relu", List.of(x), info(x));
  }

  /** {@code Tanh(x)}. */
  public String tanh(String x) {
    return single("Tanh", List.of(x), info(x));
  }

  /** {@code Sigmoid(x)}. */
  public String sigmoid(String x) {
    return single("Sigmoid", List.of(x), info(x));
  }

  /** {@code Elu(x)} with the given alpha. */
  public String elu(String x, float alpha) {
    return single("Elu", List.of(x), info(x), Attributes.of("alpha", alpha));
  }

  /** {@code LeakyRelu(x)}: {@code x} where positive, else {@code alpha * x}. */
  public String leakyRelu(String x, float alpha) {
    return single("LeakyRelu", List.of(x), info(x), Attributes.of("alpha", alpha));
  }

  /** {@code HardSigmoid(x)}: {@code max(0, min(1, alpha * x + beta))}. */
  public String hardSigmoid(String x, float alpha, float beta) {
    return single("HardSigmoid", List.of(x), info(x),
        Attributes.of("alpha", alpha), Attributes.of("beta", beta));
  }

  /**
   * {@code Clip(x, min, max)} with constant bounds (ReLU6 is {@code clip(x, 0, 6)}).
   *
   * @throws IllegalArgumentException when {@code min > max} or a bound is NaN
   */
  public String clip(String x, float min, float max) {
    if (!(min <= max)) {
      throw new IllegalArgumentException("Clip needs min <= max, got " + min + " and " + max);
    }
    return single("Clip", List.of(x, scalar("clip_min", min), scalar("clip_max", max)), info(x));
  }

  /** Element-wise {@code Equal(a, b)}, a boolean tensor. */
  public String equal(String a, String b) {
    return single(
        "Equal",
        List.of(a, b),
        new TensorInfo(ElementType.BOOL, Shapes.broadcast(info(a).dims(), info(b).dims())));
  }

  /** Element-wise {@code Greater(a, b)}, a boolean tensor. */
  public String greater(String a, String b) {
    TensorInfo ia = info(a);
    return single(
        "Greater",
        List.of(a, b),
        new TensorInfo(ElementType.BOOL, Shapes.broadcast(ia.dims(), info(b).dims())));
  }

  /**
   * A boolean tensor as floats, 1 where it is true and 0 where false ({@code Cast}). Multiplied
   * into a tensor it zeroes what the condition drops, in ONNX Runtime's CPU kernels faster than
   * {@code Where}, which runs on one thread and branches on every element (see the ort backend's
   * README, Masks multiplied rather than selected).
   *
   * @throws IllegalArgumentException for a tensor that is not boolean
   */
  public String toFloat(String condition) {
    TensorInfo in = info(condition);
    if (in.elementType() != ElementType.BOOL) {
      throw new IllegalArgumentException("toFloat needs a boolean tensor, got " + in);
    }
    return single("Cast", List.of(condition), in.withElementType(ElementType.FLOAT),
        Attributes.of("to", (long) ElementType.FLOAT));
  }

  /** Element-wise {@code Where(condition, a, b)}. */
  public String where(String condition, String a, String b) {
    long[] dims = Shapes.broadcast(info(condition).dims(), info(a).dims());
    dims = Shapes.broadcast(dims, info(b).dims());
    return single("Where", List.of(condition, a, b), info(a).withDims(dims));
  }

  /** {@code Sqrt(x)}. */
  public String sqrt(String x) {
    return single("Sqrt", List.of(x), info(x));
  }

  /** {@code Exp(x)}. */
  public String exp(String x) {
    return single("Exp", List.of(x), info(x));
  }

  /** {@code Log(x)}. */
  public String log(String x) {
    return single("Log", List.of(x), info(x));
  }

  /** {@code Neg(x)}. */
  public String neg(String x) {
    return single("Neg", List.of(x), info(x));
  }

  /** {@code Identity(x)}. */
  public String identity(String x) {
    return single("Identity", List.of(x), info(x));
  }

  /** Broadcasting {@code Add(a, b)}. */
  public String add(String a, String b) {
    return binary("Add", a, b);
  }

  /** Broadcasting {@code Sub(a, b)}. */
  public String sub(String a, String b) {
    return binary("Sub", a, b);
  }

  /** Broadcasting {@code Div(a, b)}. */
  public String div(String a, String b) {
    return binary("Div", a, b);
  }

  /** Broadcasting {@code Mul(a, b)}. */
  public String mul(String a, String b) {
    return binary("Mul", a, b);
  }

  private String binary(String op, String a, String b) {
    TensorInfo ia = info(a);
    TensorInfo ib = info(b);
    if (ia.elementType() != ib.elementType()) {
      throw new IllegalArgumentException(
          op + " of " + ia + " and " + ib + ": element types differ");
    }
    return single(op, List.of(a, b), ia.withDims(Shapes.broadcast(ia.dims(), ib.dims())));
  }

  /** {@code Sum} of one or more tensors of one shape. */
  public String sum(List<String> terms) {
    if (terms.size() == 1) {
      return terms.get(0);
    }
    TensorInfo first = info(terms.get(0));
    long[] dims = first.dims();
    for (String t : terms) {
      dims = Shapes.broadcast(dims, info(t).dims());
    }
    return single("Sum", terms, first.withDims(dims));
  }

  // ---- layers ----

  /**
   * 2-D convolution {@code Conv(x, w, b)} with a square window.
   *
   * @param x input [N, C, H, W]
   * @param w weights [M, C, kh, kw]
   * @param b bias [M], or {@code null}
   * @param stride stride in both directions
   * @param pad padding on every side
   */
  public String conv(String x, String w, String b, int stride, int pad) {
    TensorInfo iw = info(w);
    if (iw.rank() != 4) {
      throw new IllegalArgumentException("Conv needs rank-4 weights, got " + iw);
    }
    Window window =
        new Window(
            new long[] {iw.dim(2), iw.dim(3)},
            new long[] {stride, stride},
            new long[] {pad, pad, pad, pad},
            new long[] {1, 1});
    return conv(x, w, b, window, 1);
  }

  /**
   * 2-D convolution {@code Conv(x, w, b)} with any window and groups. Asymmetric padding becomes a
   * zero {@code Pad} before a convolution without padding, so the Conv node itself (and its
   * gradient kernel) only ever sees equal pads on both sides of an axis.
   *
   * @param x input [N, C, H, W]
   * @param w weights [M, C / group, kh, kw], the window's kernel size
   * @param b bias [M], or {@code null}
   * @param window kernel, strides, pads and dilations
   * @param group number of channel groups (C for a depthwise convolution); divides C and M
   */
  public String conv(String x, String w, String b, Window window, long group) {
    TensorInfo ix = info(x);
    TensorInfo iw = info(w);
    if (ix.rank() != 4 || iw.rank() != 4) {
      throw new IllegalArgumentException(
          "Conv needs rank-4 input and weights, got " + ix + ", " + iw);
    }
    if (group < 1 || iw.dim(0) % group != 0 || ix.dim(1) != iw.dim(1) * group) {
      throw new IllegalArgumentException(
          "Conv input has " + ix.dim(1) + " channels, weights " + iw + " in " + group
              + " group(s) expect " + iw.dim(1) * group);
    }
    if (iw.dim(2) != window.kernel()[0] || iw.dim(3) != window.kernel()[1]) {
      throw new IllegalArgumentException("Conv weights " + iw + " do not match " + window);
    }
    if (!window.symmetricPads()) {
      long[] p = window.pads();
      return conv(pad(x, 0, 0, p[0], p[1], 0, 0, p[2], p[3]), w, b, window.withoutPads(), group);
    }
    long oh = window.outputSize(0, ix.dim(2), "Conv height");
    long ow = window.outputSize(1, ix.dim(3), "Conv width");
    List<String> in = b == null ? List.of(x, w) : List.of(x, w, b);
    return single(
        "Conv",
        in,
        ix.withDims(ix.dim(0), iw.dim(0), oh, ow),
        Attributes.ofInts("kernel_shape", window.kernel()),
        Attributes.ofInts("strides", window.strides()),
        Attributes.ofInts("pads", window.pads()),
        Attributes.ofInts("dilations", window.dilations()),
        Attributes.of("group", group));
  }

  /** Output and argmax indices of a max pooling. */
  public record Pooled(String output, String indices) {}

  /**
   * 2-D max pooling that also outputs its argmax indices (needed by {@code MaxPoolGrad}).
   *
   * @param kernel window size in both directions
   * @param stride stride in both directions
   */
  public Pooled maxPool(String x, int kernel, int stride) {
    return maxPool(x, Window.square(kernel, stride, 0));
  }

  /**
   * 2-D max pooling padded at the end (bottom and right) by {@code padEnd}, so that windows
   * reaching past the edge take the maximum of the pixels they cover (Keras' {@code "same"}
   * pooling); also outputs the argmax indices.
   *
   * @param kernel window size in both directions
   * @param stride stride in both directions
   * @param padEnd padding after the last row and column, less than {@code kernel}
   */
  public Pooled maxPool(String x, int kernel, int stride, int padEnd) {
    return maxPool(
        x,
        new Window(
            new long[] {kernel, kernel},
            new long[] {stride, stride},
            new long[] {0, 0, padEnd, padEnd},
            new long[] {1, 1}));
  }

  /**
   * 2-D max pooling with any window, dilated too; padded positions never win (as if they held
   * minus infinity), and the argmax indices count over the unpadded input.
   *
   * @param window kernel, strides and pads (each pad less than the kernel along its axis)
   */
  public Pooled maxPool(String x, Window window) {
    TensorInfo out = pooled("MaxPool", x, window);
    List<String> outs =
        node(
            "MaxPool",
            "",
            List.of(x),
            List.of("maxPool", "maxPool_indices"),
            List.of(out, out.withElementType(ElementType.INT64)),
            window.poolingAttributes());
    return new Pooled(outs.get(0), outs.get(1));
  }

  /**
   * 2-D average pooling {@code AveragePool(x)} with any undilated window.
   *
   * @param window kernel, strides and pads (each pad less than the kernel along its axis)
   * @param countIncludePad whether padded positions count in each window's divisor (PyTorch's
   *     default) or only the input pixels the window covers do
   */
  public String averagePool(String x, Window window, boolean countIncludePad) {
    TensorInfo out = pooled("AveragePool", x, window);
    List<AttributeProto> attributes = new ArrayList<>(window.poolingAttributes());
    attributes.add(Attributes.of("count_include_pad", countIncludePad ? 1L : 0L));
    return node("AveragePool", "", List.of(x), List.of("averagePool"), List.of(out), attributes)
        .get(0);
  }

  private TensorInfo pooled(String op, String x, Window window) {
    TensorInfo ix = info(x);
    if (ix.rank() != 4) {
      throw new IllegalArgumentException(op + " needs a rank-4 input, got " + ix);
    }
    if (!window.undilated() && !op.equals("MaxPool")) {
      throw new IllegalArgumentException(op + " without dilation only, got " + window);
    }
    long[] kernel = window.kernel();
    long[] pads = window.pads();
    for (int i = 0; i < 4; i++) {
      if (pads[i] >= kernel[i % 2]) {
        throw new IllegalArgumentException(op + " pads must be less than the kernel: " + window);
      }
    }
    long oh = window.outputSize(0, ix.dim(2), op + " height");
    long ow = window.outputSize(1, ix.dim(3), op + " width");
    return ix.withDims(ix.dim(0), ix.dim(1), oh, ow);
  }

  /**
   * Inverted dropout driven by a noise tensor the caller feeds: {@code x * (noise > ratio ? 1 / (1
   * - ratio) : 0)}. With noise drawn uniformly from [0, 1), each element is dropped with
   * probability {@code ratio} and the kept ones are scaled so the expectation is {@code x}; since
   * the caller draws the noise, its masks are reproducible. Composed of Greater, Cast and Mul
   * (standard operators with CUDA kernels; the mask {@code Cast(keep) * scale} has the values
   * {@code Where(keep, scale, 0)} would give, in two passes that ONNX Runtime's CPU kernels run
   * faster than its one-thread {@code Where}); only the last Mul lies on the gradient path of
   * {@code x}.
   *
   * @param noise a float tensor of {@code x}'s shape
   * @param ratio drop probability in [0, 1)
   * @throws IllegalArgumentException for a ratio outside [0, 1) or noise of another type or shape
   */
  public String dropout(String x, String noise, float ratio) {
    if (!(ratio >= 0f && ratio < 1f)) {
      throw new IllegalArgumentException("dropout ratio must be in [0, 1), got " + ratio);
    }
    TensorInfo ix = info(x);
    TensorInfo in = info(noise);
    if (ix.elementType() != ElementType.FLOAT || !ix.equals(in)) {
      throw new IllegalArgumentException(
          "dropout needs float x and noise of one shape, got " + ix + " and " + in);
    }
    String keep = greater(noise, scalar("dropout_ratio", ratio));
    String scale = mul(toFloat(keep), scalar("dropout_scale", 1f / (1f - ratio)));
    return mul(x, scale);
  }

  /**
   * Outputs of a training-mode batch normalization: the normalized tensor and the next values of
   * the running statistics.
   */
  public record BatchNormed(String output, String runningMean, String runningVar) {}

  /**
   * Training-mode batch normalization over the channels of [N, C, H, W], composed of standard
   * operators (every one differentiable here, and with CUDA kernels): normalizes with the batch
   * mean and (biased) variance, and computes the running statistics' next values
   * {@code momentum * running + (1 - momentum) * batch}. Scale, bias, mean and var are [C].
   *
   * <p>Where N, H and W are known (training graphs have a fixed batch size) it takes the sums
   * form: the per-channel sums of {@code x} and of {@code x^2} ({@code ReduceSum}, {@code
   * ReduceSumSquare}) give the mean and the variance {@code max(E[x^2] - E[x]^2, 0)}, and {@code
   * y = x a + b} with per-channel {@code a = scale / sqrt(var + epsilon)}, {@code b = bias - mean
   * a}: two reductions and two element-wise passes over {@code x} forward (the centered form
   * {@link #batchNormTrainingCentered} takes a reduction, five element-wise passes and another
   * reduction), and fewer in the backward pass. Otherwise (a symbolic dimension) it is the
   * centered form. In float32 the sums form loses precision where the mean is large against the
   * standard deviation ({@code E[x^2] - E[x]^2} cancels); see the module README.
   */
  public BatchNormed batchNormTraining(
      String x, String scale, String bias, String mean, String var, float epsilon,
      float momentum) {
    TensorInfo ix = batchNormInput(x, scale, bias, mean, var);
    if (ix.dim(0) < 0 || ix.dim(2) < 0 || ix.dim(3) < 0) {
      return batchNormTrainingCentered(x, scale, bias, mean, var, epsilon, momentum);
    }
    long c = ix.dim(1);
    float perElement = 1f / (ix.dim(0) * ix.dim(2) * ix.dim(3));
    String batchMean = mul(reduceSum(x, true, 0, 2, 3), scalar("per_element", perElement));
    String meanSquare =
        mul(reduceSumSquare(x, true, 0, 2, 3), scalar("per_element", perElement));
    String batchVar = relu(sub(meanSquare, mul(batchMean, batchMean)));
    String invStd = div(scalar("one", 1f), sqrt(add(batchVar, scalar("epsilon", epsilon))));
    String a = mul(reshape(scale, 1, c, 1, 1), invStd);
    String b = sub(reshape(bias, 1, c, 1, 1), mul(batchMean, a));
    String y = add(mul(x, a), b);
    return new BatchNormed(y, nextStatistic(mean, batchMean, c, momentum),
        nextStatistic(var, batchVar, c, momentum));
  }

  /**
   * Training-mode batch normalization in the centered form: {@code x - mean} is computed, squared
   * and averaged for the variance, then scaled: what {@link #batchNormTraining} does where a
   * dimension of x is symbolic; the reference its sums form is compared with. Same inputs and
   * outputs as {@link #batchNormTraining}.
   */
  public BatchNormed batchNormTrainingCentered(
      String x, String scale, String bias, String mean, String var, float epsilon,
      float momentum) {
    TensorInfo ix = batchNormInput(x, scale, bias, mean, var);
    long c = ix.dim(1);
    String batchMean = reduceMean(x, true, 0, 2, 3);
    String centered = sub(x, batchMean);
    String batchVar = reduceMean(mul(centered, centered), true, 0, 2, 3);
    String invStd = div(scalar("one", 1f), sqrt(add(batchVar, scalar("epsilon", epsilon))));
    String normalized = mul(centered, invStd);
    String y = add(mul(normalized, reshape(scale, 1, c, 1, 1)), reshape(bias, 1, c, 1, 1));
    return new BatchNormed(y, nextStatistic(mean, batchMean, c, momentum),
        nextStatistic(var, batchVar, c, momentum));
  }

  /** {@code momentum * running + (1 - momentum) * batch}, the batch statistic [1, C, 1, 1]. */
  private String nextStatistic(String running, String batch, long c, float momentum) {
    return add(mul(running, scalar("momentum", momentum)),
        mul(reshape(batch, c), scalar("one_minus_momentum", 1 - momentum)));
  }

  /**
   * The shape of batch normalization's input {@code x}, checked: [N, C, H, W] with one value of
   * scale, bias, mean and variance per channel.
   */
  private TensorInfo batchNormInput(String x, String scale, String bias, String mean, String var) {
    TensorInfo ix = info(x);
    checkChannels("batch normalization", ix, scale, bias, mean, var);
    if (ix.rank() != 4) {
      throw new IllegalArgumentException("batch normalization needs [N, C, H, W], got " + ix);
    }
    return ix;
  }

  /**
   * Inference-mode batch normalization with the running statistics over the channels of
   * [N, C, H, W], as {@code x * a + b} with per-channel {@code a = scale / sqrt(var + epsilon)} and
   * {@code b = bias - mean * a} (standard operators, differentiable here; ONNX Runtime folds the
   * per-channel part when the statistics are constants). Scale, bias, mean and var are [C].
   */
  public String batchNormInference(
      String x, String scale, String bias, String mean, String var, float epsilon) {
    TensorInfo ix = batchNormInput(x, scale, bias, mean, var);
    long c = ix.dim(1);
    String a = div(scale, sqrt(add(var, scalar("epsilon", epsilon))));
    String b = sub(bias, mul(mean, a));
    return add(mul(x, reshape(a, 1, c, 1, 1)), reshape(b, 1, c, 1, 1));
  }

  private TensorInfo checkChannels(String op, TensorInfo x, String... perChannel) {
    if (x.rank() < 2 || x.dim(1) < 0) {
      throw new IllegalArgumentException(op + " needs [N, C, ...] with known C, got " + x);
    }
    TensorInfo expected = TensorInfo.floats(x.dim(1));
    for (String name : perChannel) {
      if (!info(name).equals(expected)) {
        throw new IllegalArgumentException(
            op + " needs " + expected + " for '" + name + "', got " + info(name));
      }
    }
    return expected;
  }

  /** {@code Flatten(x)} at axis 1: [N, everything else]. */
  public String flatten(String x) {
    TensorInfo ix = info(x);
    long rest = 1;
    for (int i = 1; i < ix.rank(); i++) {
      if (ix.dim(i) < 0) {
        throw new IllegalArgumentException("Flatten needs known non-batch dimensions, got " + ix);
      }
      rest *= ix.dim(i);
    }
    return single("Flatten", List.of(x), ix.withDims(ix.dim(0), rest), Attributes.of("axis", 1L));
  }

  /**
   * {@code Gemm(a, b, c)} with alpha = beta = 1.
   *
   * @param c bias broadcast to the result, or {@code null}
   * @param transB whether {@code b} is stored transposed ([N, K])
   */
  public String gemm(String a, String b, String c, boolean transB) {
    TensorInfo ia = info(a);
    TensorInfo ib = info(b);
    if (ia.rank() != 2 || ib.rank() != 2) {
      throw new IllegalArgumentException("Gemm needs matrices, got " + ia + ", " + ib);
    }
    long k = ib.dim(transB ? 1 : 0);
    long n = ib.dim(transB ? 0 : 1);
    if (ia.dim(1) >= 0 && ia.dim(1) != k) {
      throw new IllegalArgumentException("Gemm inner dimensions differ: " + ia + " x " + ib);
    }
    List<String> in = c == null ? List.of(a, b) : List.of(a, b, c);
    return single(
        "Gemm", in, ia.withDims(ia.dim(0), n), Attributes.of("transB", transB ? 1L : 0L));
  }

  /**
   * {@code MatMul(a, b)} of two matrices, or of two stacks of matrices [..., M, K] and [..., K, N]
   * whose leading (batch) dimensions broadcast as ONNX's MatMul broadcasts them (numpy's
   * {@code matmul}); vectors (rank 1) are refused.
   */
  public String matMul(String a, String b) {
    TensorInfo ia = info(a);
    TensorInfo ib = info(b);
    int ra = ia.rank();
    int rb = ib.rank();
    long k = ia.dim(ra - 1);
    if (ra < 2 || rb < 2 || (k >= 0 && ib.dim(rb - 2) >= 0 && k != ib.dim(rb - 2))) {
      throw new IllegalArgumentException("MatMul needs matching matrices, got " + ia + " x " + ib);
    }
    long[] batch =
        Shapes.broadcast(
            Arrays.copyOf(ia.dims(), ra - 2), Arrays.copyOf(ib.dims(), rb - 2));
    long[] dims = Arrays.copyOf(batch, batch.length + 2);
    dims[batch.length] = ia.dim(ra - 2);
    dims[batch.length + 1] = ib.dim(rb - 1);
    return single("MatMul", List.of(a, b), ia.withDims(dims));
  }

  /**
   * A constant matrix applied across the batch dimension (axis 0) of {@code x}: {@code y_i = sum_k
   * E[i][k] x_k} over the samples {@code x_k} of any shape, composed as {@code Reshape(x, [K,
   * -1])}, {@code MatMul(E, .)} and a Reshape to {@code [N, ...]}. Its gradient (the MatMul rule)
   * is {@code dx = E^T dy}.
   *
   * @throws IllegalArgumentException unless {@code x}'s batch dimension is exactly {@code
   *     mixing.inputs()} (a symbolic batch is refused too: the mixing fixes the batch size)
   */
  public String mixBatch(String x, BatchMixing mixing) {
    TensorInfo ix = info(x);
    mixing.checkBatch(ix.dim(0));
    long[] dims = ix.dims();
    dims[0] = mixing.outputs();
    String flat = reshape(x, mixing.inputs(), -1);
    String matrix = mixing.drawnPerStep() ? stepMixing(mixing)
        : constant("batch_mixing", mixing.matrix(), mixing.outputs(), mixing.inputs());
    return reshape(matMul(matrix, flat), dims);
  }

  /**
   * The graph input {@value #STEP_MIXING} (float [outputs, inputs]) through which the caller feeds
   * each step's matrix of a mixing {@linkplain BatchMixing#drawnPerStep drawn per step}, declared
   * by the first call unless the caller declared it already (with that shape); later calls with
   * the same mixing (the labels mixed in the loss, for example) read the same input.
   *
   * @throws IllegalArgumentException for a constant mixing, an input of that name with another
   *     shape, or another mixing drawn per step than the one this graph already reads (a graph
   *     reads at most one)
   */
  public String stepMixing(BatchMixing mixing) {
    if (!mixing.drawnPerStep()) {
      throw new IllegalArgumentException(mixing + " is constant, not drawn per step");
    }
    if (stepMixing == null) {
      TensorInfo info = TensorInfo.floats(mixing.outputs(), mixing.inputs());
      if (!inputs.contains(STEP_MIXING)) {
        input(STEP_MIXING, info);
      } else if (!info(STEP_MIXING).equals(info)) {
        throw new IllegalArgumentException("the graph input '" + STEP_MIXING + "' is "
            + info(STEP_MIXING) + ", " + mixing + " needs " + info);
      }
      stepMixing = mixing;
    } else if (!stepMixing.equals(mixing)) {
      throw new IllegalArgumentException("this graph already reads " + stepMixing
          + " through '" + STEP_MIXING + "'; it cannot read another mixing drawn per step, "
          + mixing);
    }
    return STEP_MIXING;
  }

  /** {@code GlobalAveragePool(x)}: [N, C, H, W] to [N, C, 1, 1]. */
  public String globalAveragePool(String x) {
    TensorInfo ix = info(x);
    if (ix.rank() != 4) {
      throw new IllegalArgumentException("GlobalAveragePool needs a rank-4 input, got " + ix);
    }
    return single("GlobalAveragePool", List.of(x), ix.withDims(ix.dim(0), ix.dim(1), 1, 1));
  }

  /** {@code Softmax(x)} over the last axis. */
  public String softmax(String x) {
    return single("Softmax", List.of(x), info(x), Attributes.of("axis", -1L));
  }

  /** {@code LogSoftmax(x)} over the last axis. */
  public String logSoftmax(String x) {
    return single("LogSoftmax", List.of(x), info(x), Attributes.of("axis", -1L));
  }

  // ---- shapes ----

  /**
   * {@code Reshape(x, shape)}: 0 copies the input dimension, -1 is inferred.
   */
  public String reshape(String x, long... shape) {
    TensorInfo ix = info(x);
    return single(
        "Reshape", List.of(x, longs("shape", shape)), ix.withDims(Shapes.reshape(ix.dims(), shape)));
  }

  /** {@code Reshape(x, Shape(like))}: gives {@code x} the shape of {@code like}. */
  public String reshapeLike(String x, String like) {
    TensorInfo target = info(like);
    String shape =
        target.isStatic()
            ? longs("shape", target.dims())
            : single("Shape", List.of(like), TensorInfo.longs(target.rank()));
    return single("Reshape", List.of(x, shape), info(x).withDims(target.dims()));
  }

  /** {@code Expand(x, shape)} to the dimensions of {@code like}. */
  public String expandLike(String x, String like) {
    TensorInfo target = info(like);
    String shape =
        target.isStatic()
            ? longs("shape", target.dims())
            : single("Shape", List.of(like), TensorInfo.longs(target.rank()));
    return single(
        "Expand",
        List.of(x, shape),
        info(x).withDims(Shapes.broadcast(info(x).dims(), target.dims())));
  }

  /** {@code Expand(x, shape)} with a constant target shape. */
  public String expand(String x, long... shape) {
    return single(
        "Expand",
        List.of(x, longs("shape", shape)),
        info(x).withDims(Shapes.broadcast(info(x).dims(), shape)));
  }

  /** {@code Transpose(x)} with the permutation {@code perm}. */
  public String transpose(String x, long... perm) {
    TensorInfo ix = info(x);
    if (perm.length != ix.rank()) {
      throw new IllegalArgumentException(
          "Transpose permutation " + Arrays.toString(perm) + " for " + ix);
    }
    long[] dims = new long[perm.length];
    boolean[] seen = new boolean[perm.length];
    for (int i = 0; i < perm.length; i++) {
      int p = (int) perm[i];
      if (p < 0 || p >= perm.length || seen[p]) {
        throw new IllegalArgumentException("not a permutation: " + Arrays.toString(perm));
      }
      seen[p] = true;
      dims[i] = ix.dim(p);
    }
    return single("Transpose", List.of(x), ix.withDims(dims), Attributes.ofInts("perm", perm));
  }

  /**
   * Zero padding {@code Pad(x)}.
   *
   * @param pads ONNX order: the begin of every axis, then the end of every axis; not negative
   */
  public String pad(String x, long... pads) {
    return single("Pad", List.of(x, longs("pads", pads)), padded(x, pads));
  }

  /**
   * Constant padding {@code Pad(x)} with {@code value}.
   *
   * @param pads ONNX order: the begin of every axis, then the end of every axis; not negative
   */
  public String padWith(String x, float value, long... pads) {
    TensorInfo out = padded(x, pads);
    return single("Pad", List.of(x, longs("pads", pads), scalar("pad_value", value)), out);
  }

  private TensorInfo padded(String x, long[] pads) {
    TensorInfo ix = info(x);
    if (pads.length != 2 * ix.rank()) {
      throw new IllegalArgumentException("Pad needs " + 2 * ix.rank() + " pads for " + ix);
    }
    long[] dims = ix.dims();
    for (int i = 0; i < dims.length; i++) {
      if (pads[i] < 0 || pads[i + dims.length] < 0) {
        throw new IllegalArgumentException("negative pads " + Arrays.toString(pads));
      }
      if (dims[i] >= 0) {
        dims[i] += pads[i] + pads[i + dims.length];
      } else if (pads[i] + pads[i + dims.length] != 0) {
        throw new IllegalArgumentException("cannot pad the symbolic axis " + i + " of " + ix);
      }
    }
    return ix.withDims(dims);
  }

  /**
   * {@code Slice(x)} of {@code [starts[i], ends[i])} along each axis {@code axes[i]}, step 1.
   */
  public String slice(String x, long[] starts, long[] ends, long[] axes) {
    TensorInfo ix = info(x);
    long[] dims = ix.dims();
    for (int i = 0; i < axes.length; i++) {
      int a = ix.normalize((int) axes[i]);
      if (dims[a] < 0 || starts[i] < 0 || ends[i] > dims[a] || starts[i] > ends[i]) {
        throw new IllegalArgumentException(
            "Slice [" + starts[i] + ", " + ends[i] + ") of axis " + a + " of " + ix);
      }
      dims[a] = ends[i] - starts[i];
    }
    return single(
        "Slice",
        List.of(x, longs("starts", starts), longs("ends", ends), longs("axes", axes)),
        ix.withDims(dims));
  }

  /**
   * Every {@code strides[0]}-th row and {@code strides[1]}-th column of [N, C, H, W] {@code x},
   * from the first: {@code Slice} along axes 2 and 3 from 0 to the end with these steps, [N, C,
   * (H - 1) / s_h + 1, (W - 1) / s_w + 1] (the positions an unpadded strided 1x1 convolution
   * reads).
   *
   * @param hint a hint for the output's name
   * @throws IllegalArgumentException for another rank, unknown H or W, or steps below 1
   */
  public String sample(String x, String hint, long... strides) {
    TensorInfo ix = info(x);
    if (ix.rank() != 4 || ix.dim(2) < 0 || ix.dim(3) < 0 || strides.length != 2
        || strides[0] < 1 || strides[1] < 1) {
      throw new IllegalArgumentException(
          "sample needs [N, C, H, W] of known H and W and two steps of 1 or more, got " + ix
              + " and " + Arrays.toString(strides));
    }
    long[] dims = ix.dims();
    dims[2] = (dims[2] - 1) / strides[0] + 1;
    dims[3] = (dims[3] - 1) / strides[1] + 1;
    return node("Slice", "", List.of(x, longs("starts", 0, 0), longs("ends", ix.dim(2), ix.dim(3)),
        longs("axes", 2, 3), longs("steps", strides)), List.of(hint), List.of(ix.withDims(dims)),
        List.of()).get(0);
  }

  /**
   * The adjoint of {@link #sample}'s subsampling: [N, C, OH, OW] {@code x} put at rows {@code s_h
   * i} and columns {@code s_w j} of a zero [N, C, s_h OH, s_w OW] tensor. Viewed as [N, C, OH, 1,
   * OW, 1] and padded with zeros after axes 3 and 5 (one {@code Pad} between two {@code
   * Reshape}s, a form the ort backend keeps in NCHWc blocks).
   *
   * @param hint a hint for the output's name
   * @throws IllegalArgumentException for another rank, unknown C, OH or OW, or strides below 1
   */
  public String spread(String x, String hint, long... strides) {
    TensorInfo ix = info(x);
    if (ix.rank() != 4 || ix.dim(1) < 0 || ix.dim(2) < 0 || ix.dim(3) < 0
        || strides.length != 2 || strides[0] < 1 || strides[1] < 1) {
      throw new IllegalArgumentException(
          "spread needs [N, C, OH, OW] of known C, OH and OW and two strides of 1 or more, got "
              + ix + " and " + Arrays.toString(strides));
    }
    long c = ix.dim(1);
    String rows = reshape(x, 0, c, ix.dim(2), 1, ix.dim(3), 1);
    String spread = pad(rows, 0, 0, 0, 0, 0, 0, 0, 0, 0, strides[0] - 1, 0, strides[1] - 1);
    long h = ix.dim(2) * strides[0];
    long w = ix.dim(3) * strides[1];
    return node("Reshape", "", List.of(spread, longs("shape", 0, c, h, w)), List.of(hint),
        List.of(ix.withDims(ix.dim(0), c, h, w)), List.of()).get(0);
  }

  /** Float zeros of the shape of {@code like}: {@code ConstantOfShape(Shape(like))}. */
  public String zerosLike(String like) {
    TensorInfo target = info(like);
    String shape = single("Shape", List.of(like), TensorInfo.longs(target.rank()));
    TensorProto zero =
        TensorProto.newBuilder()
            .setDataType(ElementType.FLOAT)
            .addDims(1)
            .setRawData(ByteString.copyFrom(new byte[4]))
            .build();
    return single(
        "ConstantOfShape",
        List.of(shape),
        TensorInfo.floats(target.dims()),
        AttributeProto.newBuilder()
            .setName("value")
            .setType(AttributeProto.AttributeType.TENSOR)
            .setT(zero)
            .build());
  }

  /**
   * {@code ScatterElements(data, indices, updates)} along axis 0 with {@code reduction="add"}:
   * adds each update into {@code data} at its index (one-dimensional tensors).
   */
  public String scatterAdd(String data, String indices, String updates) {
    TensorInfo id = info(data);
    if (id.rank() != 1 || info(indices).rank() != 1 || info(updates).rank() != 1) {
      throw new IllegalArgumentException("scatterAdd works on one-dimensional tensors");
    }
    return single(
        "ScatterElements",
        List.of(data, indices, updates),
        id,
        Attributes.of("axis", 0L),
        AttributeProto.newBuilder()
            .setName("reduction")
            .setType(AttributeProto.AttributeType.STRING)
            .setS(ByteString.copyFromUtf8("add"))
            .build());
  }

  /** {@code Concat} along {@code axis}. */
  public String concat(int axis, List<String> parts) {
    TensorInfo first = info(parts.get(0));
    int a = first.normalize(axis);
    long[] dims = first.dims();
    long total = 0;
    for (String p : parts) {
      TensorInfo ip = info(p);
      if (ip.rank() != first.rank() || ip.elementType() != first.elementType()) {
        throw new IllegalArgumentException("Concat of " + first + " and " + ip);
      }
      if (ip.dim(a) < 0 || total < 0) {
        total = TensorInfo.UNKNOWN;
      } else {
        total += ip.dim(a);
      }
    }
    dims[a] = total;
    if (parts.size() == 1) {
      return parts.get(0);
    }
    return single("Concat", parts, first.withDims(dims), Attributes.of("axis", (long) a));
  }

  /** {@code Split(x)} along {@code axis} into parts of the given sizes. */
  public List<String> split(String x, int axis, long... sizes) {
    TensorInfo ix = info(x);
    int a = ix.normalize(axis);
    List<String> hints = new ArrayList<>();
    List<TensorInfo> outs = new ArrayList<>();
    for (long s : sizes) {
      long[] dims = ix.dims();
      dims[a] = s;
      hints.add("split");
      outs.add(ix.withDims(dims));
    }
    return node(
        "Split",
        "",
        List.of(x, longs("split", sizes)),
        hints,
        outs,
        List.of(Attributes.of("axis", (long) a)));
  }

  /** {@code Gather(data, indices)} along axis 0. */
  public String gather(String data, String indices) {
    TensorInfo id = info(data);
    TensorInfo ii = info(indices);
    long[] dims = new long[ii.rank() + id.rank() - 1];
    System.arraycopy(ii.dims(), 0, dims, 0, ii.rank());
    System.arraycopy(id.dims(), 1, dims, ii.rank(), id.rank() - 1);
    return single("Gather", List.of(data, indices), id.withDims(dims), Attributes.of("axis", 0L));
  }

  /** {@code Unsqueeze(x, axes)}: inserts axes of size 1 at the given output positions. */
  public String unsqueeze(String x, long... axes) {
    TensorInfo ix = info(x);
    int rank = ix.rank() + axes.length;
    boolean[] inserted = new boolean[rank];
    for (long axis : axes) {
      int a = (int) (axis < 0 ? axis + rank : axis);
      if (a < 0 || a >= rank || inserted[a]) {
        throw new IllegalArgumentException("Unsqueeze axis " + axis + " for rank " + rank);
      }
      inserted[a] = true;
    }
    long[] dims = new long[rank];
    for (int i = 0, j = 0; i < rank; i++) {
      dims[i] = inserted[i] ? 1 : ix.dim(j++);
    }
    return single("Unsqueeze", List.of(x, longs("axes", axes)), ix.withDims(dims));
  }

  /**
   * {@code Identity(x)} whose output has exactly the name {@code name}, e.g. a name ONNX Runtime
   * recognises.
   *
   * @throws IllegalArgumentException if the name is taken
   */
  public String identityNamed(String x, String name) {
    claim(name);
    names.remove(name);
    String out = node("Identity", "", List.of(x), List.of(name), List.of(info(x)), List.of()).get(0);
    if (!out.equals(name)) {
      throw new IllegalStateException("could not name tensor '" + name + "'");
    }
    return out;
  }

  // ---- reductions ----

  /** {@code ReduceSum(x, axes)}; no axes reduces everything. */
  public String reduceSum(String x, boolean keepDims, long... axes) {
    TensorInfo ix = info(x);
    List<String> in = axes.length == 0 ? List.of(x) : List.of(x, longs("axes", axes));
    return single(
        "ReduceSum",
        in,
        ix.withDims(Shapes.reduce(ix.dims(), axes, keepDims)),
        Attributes.of("keepdims", keepDims ? 1L : 0L));
  }

  /** {@code ReduceSumSquare(x)} over {@code axes}: the sum of squares; no axes reduces everything. */
  public String reduceSumSquare(String x, boolean keepDims, long... axes) {
    return reductionWithAxesAttribute("ReduceSumSquare", "reduceSumSquare", x, keepDims, axes);
  }

  /** {@code ReduceMean(x)} over {@code axes}; no axes reduces everything. */
  public String reduceMean(String x, boolean keepDims, long... axes) {
    return reductionWithAxesAttribute("ReduceMean", "reduceMean", x, keepDims, axes);
  }

  /** A reduction of opset 17 that takes its axes as an attribute (not as an input). */
  private String reductionWithAxesAttribute(
      String op, String outputName, String x, boolean keepDims, long... axes) {
    TensorInfo ix = info(x);
    List<AttributeProto> attrs = new ArrayList<>();
    attrs.add(Attributes.of("keepdims", keepDims ? 1L : 0L));
    if (axes.length > 0) {
      attrs.add(Attributes.ofInts("axes", axes));
    }
    return node(
            op,
            "",
            List.of(x),
            List.of(outputName),
            List.of(ix.withDims(Shapes.reduce(ix.dims(), axes, keepDims))),
            attrs)
        .get(0);
  }

  // ---- output ----

  /** The graph so far as a {@link GraphProto}, with value_info for every intermediate tensor. */
  public GraphProto graph(String name) {
    GraphProto.Builder g = GraphProto.newBuilder().setName(name);
    g.addAllNode(nodes);
    for (String in : inputs) {
      g.addInput(valueInfo(in, infos.get(in)));
    }
    for (String out : outputs) {
      g.addOutput(valueInfo(out, infos.get(out)));
    }
    g.addAllInitializer(initializers.values());
    Set<String> declared = new HashSet<>(inputs);
    declared.addAll(outputs);
    declared.addAll(initializers.keySet());
    for (NodeProto node : nodes) {
      for (String out : node.getOutputList()) {
        if (!out.isEmpty() && !declared.contains(out)) {
          g.addValueInfo(valueInfo(out, infos.get(out)));
        }
      }
    }
    return g.build();
  }

  /**
   * The graph as a model declaring opset {@value #OPSET} and {@value #MS_DOMAIN} version 1,
   * written without the Indices output of each MaxPool whose indices nothing reads (see {@link
   * #withoutUnreadIndices}).
   */
  public ModelProto model(String name) {
    return ModelProto.newBuilder()
        .setIrVersion(IR_VERSION)
        .setProducerName("ecoc4j")
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain(MS_DOMAIN).setVersion(1))
        .setGraph(withoutUnreadIndices(graph(name)))
        .build();
  }

  /**
   * {@code graph} with each MaxPool whose Indices output no node and no graph output reads (a
   * forward-only graph: inference, loss-only queries) written without that output, and without its
   * value_info. ONNX Runtime's CPU MaxPool computes the indices whenever the output is declared,
   * through a path 2 to 4 times slower than the plain pooling (see backends/ort's README); an
   * omitted trailing optional output is valid ONNX, and the pooled values are the same.
   */
  private static GraphProto withoutUnreadIndices(GraphProto graph) {
    Set<String> read = new HashSet<>();
    graph.getOutputList().forEach(o -> read.add(o.getName()));
    graph.getNodeList().forEach(n -> read.addAll(n.getInputList()));
    Set<String> dropped = new HashSet<>();
    for (NodeProto node : graph.getNodeList()) {
      if (node.getOpType().equals("MaxPool") && node.getDomain().isEmpty()
          && node.getOutputCount() == 2 && !read.contains(node.getOutput(1))) {
        dropped.add(node.getOutput(1));
      }
    }
    if (dropped.isEmpty()) {
      return graph;
    }
    GraphProto.Builder written = graph.toBuilder().clearNode().clearValueInfo();
    for (NodeProto node : graph.getNodeList()) {
      written.addNode(node.getOutputCount() == 2 && dropped.contains(node.getOutput(1))
          ? node.toBuilder().clearOutput().addOutput(node.getOutput(0)).build()
          : node);
    }
    graph.getValueInfoList().stream()
        .filter(v -> !dropped.contains(v.getName()))
        .forEach(written::addValueInfo);
    return written.build();
  }

  /** A value_info entry for a tensor of known type and shape. */
  public static ValueInfoProto valueInfo(String name, TensorInfo info) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (long d : info.dims()) {
      TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
      if (d == TensorInfo.BATCH) {
        dim.setDimParam("batch");
      } else if (d >= 0) {
        dim.setDimValue(d);
      }
      shape.addDim(dim);
    }
    TypeProto type =
        TypeProto.newBuilder()
            .setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(info.elementType()).setShape(shape))
            .build();
    return ValueInfoProto.newBuilder().setName(name).setType(type).build();
  }

  private void claim(String name) {
    if (!names.add(name)) {
      throw new IllegalArgumentException("tensor name '" + name + "' is already used");
    }
  }

  @Override
  public String toString() {
    return "GraphBuilder(" + nodes.size() + " nodes, inputs " + inputs + ", outputs " + outputs
        + ", initializers " + Arrays.toString(initializers.keySet().toArray()) + ")";
  }
}
