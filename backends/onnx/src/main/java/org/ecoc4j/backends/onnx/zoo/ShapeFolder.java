package org.ecoc4j.backends.onnx.zoo;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.ecoc4j.backends.onnx.graph.Attributes;
import org.ecoc4j.backends.onnx.graph.ElementType;
import org.ecoc4j.backends.onnx.graph.Shapes;
import org.ecoc4j.backends.onnx.graph.TensorInfo;
import org.ecoc4j.backends.onnx.graph.TensorValues;
import org.ecoc4j.backends.onnx.zoo.FoldedInts.Kind;

/**
 * Evaluates the integer side of an imported graph at import time, over the known dimensions and
 * the symbolic batch: the shape computations exporters write in front of a Reshape (PyTorch's
 * {@code x.view(x.size(0), -1)} gives Shape, Gather, Unsqueeze, Concat), so that every Reshape
 * gets a constant shape.
 *
 * <p>Which operators fold, and when, is the folding part of each operator in the {@link
 * OperatorTable}: Shape, and on integer tensors held here Gather, Unsqueeze, Squeeze, Concat, Cast
 * (to an integer type), Slice, Reshape, Identity, Add, Sub, Mul, Div, and ConstantOfShape with an
 * integer value; this class holds the evaluations. Anything that cannot be evaluated is an {@link
 * IllegalArgumentException} naming the node and why.
 */
final class ShapeFolder {

  private final Map<String, FoldedInts> values;
  private final long exportedBatch;
  private final long batch;
  private final List<String> notices;

  /**
   * A folder that starts from the model's integer constants.
   *
   * @param exportedBatch the batch size the file's input fixes, or -1 when it is symbolic
   * @param batch the batch dimension of the graph being built ({@link TensorInfo#BATCH} or the
   *     fixed batch size of a training graph)
   * @param notices where a re-batched Reshape is reported
   */
  ShapeFolder(
      Map<String, FoldedInts> constants, long exportedBatch, long batch, List<String> notices) {
    this.values = new HashMap<>(constants);
    this.exportedBatch = exportedBatch;
    this.batch = batch;
    this.notices = notices;
  }

  /** Whether {@code name} is an integer tensor evaluated here. */
  boolean holds(String name) {
    return values.containsKey(name);
  }

  /** The folded value of {@code name}, or {@code null}. */
  FoldedInts value(String name) {
    return values.get(name);
  }

  /**
   * Whether {@code node} computes on the integer side (and is evaluated here, not emitted): the
   * {@link OperatorTable}'s folding part of its operator says.
   */
  boolean folds(NodeProto node) {
    return OperatorTable.folding(node.getOpType())
        .map(f -> f.applies().test(this, node))
        .orElse(false);
  }

  /**
   * Evaluates a node for which {@link #folds} holds.
   *
   * @param infoOf type and shape of a float tensor of the graph being built (for Shape)
   */
  void fold(NodeProto node, Function<String, TensorInfo> infoOf) {
    OperatorTable.Folding folding = OperatorTable.folding(node.getOpType()).orElseThrow();
    values.put(node.getOutput(0), folding.evaluation().evaluate(this, node, infoOf));
  }

  /** Whether input 0 of {@code node} is held here (the unary operators fold on integers only). */
  boolean holdsFirstInput(NodeProto node) {
    return holds(node.getInput(0));
  }

  /** Whether any input of {@code node} is held here (Concat and arithmetic mix in constants). */
  boolean holdsAnyInput(NodeProto node) {
    return node.getInputList().stream().anyMatch(this::holds);
  }

  /** Whether a ConstantOfShape node has an integer fill (a float one is emitted as a constant). */
  static boolean fillsIntegers(NodeProto node) {
    return integerValue(node) != null;
  }

  FoldedInts constantOfShape(NodeProto node) {
    long[] dims = known(node, 0, "the shape");
    long[] filled = new long[(int) Arrays.stream(dims).reduce(1, Math::multiplyExact)];
    Arrays.fill(filled, integerValue(node));
    return FoldedInts.known(dims, filled);
  }

  FoldedInts cast(NodeProto node) {
    long to = Attributes.intOf(node, "to", 0);
    if (to != ElementType.INT64 && to != ElementType.INT32) {
      throw ImportError.of(
          node, "a shape can only be cast to int64 or int32, not " + ElementType.name((int) to));
    }
    return input(node, 0);
  }

  FoldedInts identity(NodeProto node) {
    return input(node, 0);
  }

  FoldedInts reshape(NodeProto node) {
    FoldedInts data = input(node, 0);
    long[] target = known(node, 1, "the target shape");
    return data.withDims(Shapes.reshape(data.dims(), target));
  }

  private FoldedInts input(NodeProto node, int i) {
    if (i >= node.getInputCount() || node.getInput(i).isEmpty()) {
      throw ImportError.of(node, "input " + i + " is missing");
    }
    FoldedInts v = values.get(node.getInput(i));
    if (v == null) {
      throw ImportError.of(
          node,
          "input '" + node.getInput(i) + "' is not known at import time (only constants and"
              + " Shape results are folded)");
    }
    return v;
  }

  private long[] known(NodeProto node, int i, String what) {
    FoldedInts v = input(node, i);
    if (!v.allKnown()) {
      throw ImportError.of(node, what + " " + v + " must be known at import time");
    }
    return v.values();
  }

  /** The integer list of attribute {@code name}, else of input {@code i}, else {@code null}. */
  private long[] listArgument(NodeProto node, String name, int i) {
    long[] attribute = Attributes.intsOf(node, name);
    if (attribute != null) {
      return attribute;
    }
    if (i < node.getInputCount() && !node.getInput(i).isEmpty()) {
      return known(node, i, name);
    }
    return null;
  }

  FoldedInts shape(NodeProto node, Function<String, TensorInfo> infoOf) {
    String x = node.getInput(0);
    FoldedInts all =
        holds(x)
            ? FoldedInts.known(new long[] {values.get(x).dims().length}, values.get(x).dims())
            : FoldedInts.shapeOf(infoOf.apply(x));
    int rank = all.size();
    int start = (int) clampAxis(Attributes.intOf(node, "start", 0), rank);
    int end = (int) clampAxis(Attributes.intOf(node, "end", rank), rank);
    int[] picked = new int[Math.max(0, end - start)];
    for (int i = 0; i < picked.length; i++) {
      picked[i] = start + i;
    }
    return all.pick(picked, new long[] {picked.length});
  }

  private static long clampAxis(long axis, long rank) {
    long a = axis < 0 ? axis + rank : axis;
    return Math.max(0, Math.min(rank, a));
  }

  FoldedInts gather(NodeProto node) {
    FoldedInts data = input(node, 0);
    long[] indices = known(node, 1, "the indices");
    long axis = Attributes.intOf(node, "axis", 0);
    if (data.dims().length != 1 || (axis != 0 && axis != -1)) {
      throw ImportError.of(node, "only Gather from a one-dimensional shape along axis 0");
    }
    int[] picked = new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      long index = indices[i] < 0 ? indices[i] + data.size() : indices[i];
      if (index < 0 || index >= data.size()) {
        throw ImportError.of(node, "index " + indices[i] + " outside " + data);
      }
      picked[i] = (int) index;
    }
    return data.pick(picked, input(node, 1).dims());
  }

  FoldedInts unsqueeze(NodeProto node) {
    FoldedInts data = input(node, 0);
    long[] axes = listArgument(node, "axes", 1);
    if (axes == null) {
      throw ImportError.of(node, "needs axes");
    }
    long[] in = data.dims();
    int rank = in.length + axes.length;
    boolean[] inserted = new boolean[rank];
    for (long axis : axes) {
      int a = (int) (axis < 0 ? axis + rank : axis);
      if (a < 0 || a >= rank || inserted[a]) {
        throw ImportError.of(node, "axes " + Arrays.toString(axes) + " for rank " + rank);
      }
      inserted[a] = true;
    }
    long[] out = new long[rank];
    for (int i = 0, j = 0; i < rank; i++) {
      out[i] = inserted[i] ? 1 : in[j++];
    }
    return data.withDims(out);
  }

  FoldedInts squeeze(NodeProto node) {
    FoldedInts data = input(node, 0);
    long[] in = data.dims();
    long[] axes = listArgument(node, "axes", 1);
    boolean[] removed = new boolean[in.length];
    for (int i = 0; i < in.length; i++) {
      removed[i] = axes == null && in[i] == 1;
    }
    if (axes != null) {
      for (long axis : axes) {
        int a = (int) (axis < 0 ? axis + in.length : axis);
        if (a < 0 || a >= in.length || in[a] != 1) {
          throw ImportError.of(node, "cannot squeeze axis " + axis + " of " + Arrays.toString(in));
        }
        removed[a] = true;
      }
    }
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < in.length; i++) {
      if (!removed[i]) {
        out.add(in[i]);
      }
    }
    return data.withDims(out.stream().mapToLong(Long::longValue).toArray());
  }

  /**
   * Slice of an integer tensor along one axis (any rank: the TorchScript exporter reverses the
   * pads of {@code F.pad} as a [-1, 2] matrix sliced with step -1), with ONNX's clamping.
   */
  FoldedInts slice(NodeProto node) {
    FoldedInts data = input(node, 0);
    long[] dims = data.dims();
    long[] starts = listArgument(node, "starts", 1);
    long[] ends = listArgument(node, "ends", 2);
    long[] axes = listArgument(node, "axes", 3);
    long[] steps = node.getInputCount() > 4 ? listArgument(node, "steps", 4) : null;
    if (starts == null || ends == null || starts.length != 1 || ends.length != 1
        || (axes != null && axes.length != 1)
        || (steps != null && (steps.length != 1 || steps[0] == 0))) {
      throw ImportError.of(node, "only one start, end, axis and non-zero step");
    }
    int axis = (int) (axes == null ? 0 : axes[0] < 0 ? axes[0] + dims.length : axes[0]);
    if (axis < 0 || axis >= dims.length) {
      throw ImportError.of(node, "axis out of range for " + Arrays.toString(dims));
    }
    long n = dims[axis];
    long step = steps == null ? 1 : steps[0];
    long start = starts[0] < 0 ? starts[0] + n : starts[0];
    long end = ends[0] < 0 ? ends[0] + n : ends[0];
    List<Integer> picked = new ArrayList<>();
    if (step > 0) {
      for (long i = Math.max(0, start); i < Math.min(n, end); i += step) {
        picked.add((int) i);
      }
    } else {
      for (long i = Math.min(n - 1, start); i > Math.max(-1, end); i += step) {
        picked.add((int) i);
      }
    }
    int outer = 1;
    for (int i = 0; i < axis; i++) {
      outer *= (int) dims[i];
    }
    int inner = 1;
    for (int i = axis + 1; i < dims.length; i++) {
      inner *= (int) dims[i];
    }
    int[] flat = new int[outer * picked.size() * inner];
    int k = 0;
    for (int o = 0; o < outer; o++) {
      for (int p : picked) {
        for (int i = 0; i < inner; i++) {
          flat[k++] = (o * (int) n + p) * inner + i;
        }
      }
    }
    long[] out = dims.clone();
    out[axis] = picked.size();
    return data.pick(flat, out);
  }

  /** Transpose of an integer matrix (the pads of {@code F.pad}, see {@link #slice}). */
  FoldedInts transpose(NodeProto node) {
    FoldedInts data = input(node, 0);
    long[] dims = data.dims();
    long[] perm = Attributes.intsOf(node, "perm");
    if (dims.length != 2 || perm != null && !Arrays.equals(perm, new long[] {1, 0})) {
      throw ImportError.of(node, "only transposes of integer matrices");
    }
    int rows = (int) dims[0];
    int cols = (int) dims[1];
    int[] flat = new int[rows * cols];
    for (int c = 0; c < cols; c++) {
      for (int r = 0; r < rows; r++) {
        flat[c * rows + r] = r * cols + c;
      }
    }
    return data.pick(flat, new long[] {cols, rows});
  }

  FoldedInts concat(NodeProto node) {
    List<Integer> offsets = new ArrayList<>();
    List<FoldedInts> parts = new ArrayList<>();
    int total = 0;
    for (int i = 0; i < node.getInputCount(); i++) {
      FoldedInts part = input(node, i);
      if (part.dims().length != 1) {
        throw ImportError.of(node, "only concatenations of one-dimensional shapes");
      }
      parts.add(part);
      offsets.add(total);
      total += part.size();
    }
    long[] v = new long[total];
    Kind[] k = new Kind[total];
    for (int p = 0; p < parts.size(); p++) {
      for (int i = 0; i < parts.get(p).size(); i++) {
        v[offsets.get(p) + i] = parts.get(p).value(i);
        k[offsets.get(p) + i] = parts.get(p).kind(i);
      }
    }
    return new FoldedInts(new long[] {total}, v, k);
  }

  /** Element-wise integer Add, Sub, Mul, Div (truncating) with broadcasting of single values. */
  FoldedInts arithmetic(NodeProto node) {
    FoldedInts a = input(node, 0);
    FoldedInts b = input(node, 1);
    long[] dims = Shapes.broadcast(a.dims(), b.dims());
    int n = Math.max(a.size(), b.size());
    if ((a.size() != n && a.size() != 1) || (b.size() != n && b.size() != 1)) {
      throw ImportError.of(node, "only element-wise arithmetic on shapes, or with one value");
    }
    long[] v = new long[n];
    Kind[] k = new Kind[n];
    for (int i = 0; i < n; i++) {
      int ia = a.size() == 1 ? 0 : i;
      int ib = b.size() == 1 ? 0 : i;
      k[i] = Kind.UNKNOWN;
      if (a.kind(ia) == Kind.KNOWN && b.kind(ib) == Kind.KNOWN) {
        v[i] = apply(node, a.value(ia), b.value(ib));
        k[i] = Kind.KNOWN;
      } else if (b.kind(ib) == Kind.KNOWN && isNeutral(node.getOpType(), b.value(ib))) {
        v[i] = a.value(ia);
        k[i] = a.kind(ia);
      }
    }
    return new FoldedInts(dims, v, k);
  }

  private static boolean isNeutral(String op, long value) {
    return switch (op) {
      case "Add", "Sub" -> value == 0;
      default -> value == 1;
    };
  }

  private static long apply(NodeProto node, long a, long b) {
    switch (node.getOpType()) {
      case "Add":
        return Math.addExact(a, b);
      case "Sub":
        return Math.subtractExact(a, b);
      case "Mul":
        return Math.multiplyExact(a, b);
      default:
        if (b == 0) {
          throw ImportError.of(node, "division by zero");
        }
        return a / b;
    }
  }

  /** The integer fill value of a ConstantOfShape node, or {@code null} for a float one. */
  private static Long integerValue(NodeProto node) {
    for (AttributeProto a : node.getAttributeList()) {
      if (a.getName().equals("value") && a.hasT()) {
        int type = a.getT().getDataType();
        if (type == ElementType.INT64 || type == ElementType.INT32) {
          long[] v = TensorValues.integers(a.getT());
          if (v.length != 1) {
            throw ImportError.of(node, "value must hold one element");
          }
          return v[0];
        }
      }
    }
    return null;
  }

  /**
   * The constant shape a Reshape node gets: the symbolic batch where the input has it becomes 0
   * (copy), and exactly one entry not known at import time becomes -1 (inferred).
   *
   * <p>A model exported at a fixed batch size B (its input declares B, as the torch.export-based
   * exporter writes it by default) has B baked into its Reshape targets, e.g. {@code [1, -1]}.
   * Such a target is re-batched, its first entry becoming 0 (copy), when the batch can be traced
   * through it: the reshaped tensor has the batch of the graph being built as its first
   * dimension (the batch flowed there from the input through the rebuilt graph, where it is
   * symbolic or a training graph's batch size), the target's first entry is B, and
   * its other entries hold exactly one sample's elements. Each re-batched node is reported in
   * the notices.
   *
   * @param data the type and shape of the tensor reshaped
   * @throws IllegalArgumentException when the shape is not folded, leaves more than one entry
   *     unknown, fixes the batch dimension at a number that cannot be traced as the batch, or has
   *     a 0 under {@code allowzero = 1}
   */
  long[] reshapeTarget(NodeProto node, TensorInfo data) {
    if (node.getInputCount() < 2 || !holds(node.getInput(1))) {
      throw ImportError.of(
          node,
          "its shape '" + (node.getInputCount() < 2 ? "" : node.getInput(1)) + "' is not computed"
              + " from constants and Shape");
    }
    FoldedInts shape = values.get(node.getInput(1));
    if (shape.dims().length != 1) {
      throw ImportError.of(node, "its shape " + shape + " is not one-dimensional");
    }
    boolean allowZero = Attributes.intOf(node, "allowzero", 0) != 0;
    long[] in = data.dims();
    long[] target = new long[shape.size()];
    List<Integer> open = new ArrayList<>();
    for (int i = 0; i < target.length; i++) {
      Kind kind = shape.kind(i);
      if (kind == Kind.KNOWN) {
        target[i] = shape.value(i);
        if (target[i] == 0 && allowZero) {
          throw ImportError.of(node, "allowzero = 1 with a 0 in its shape " + shape);
        }
      } else if (kind == Kind.BATCH && i < in.length && in[i] == TensorInfo.BATCH) {
        target[i] = 0;
      } else {
        target[i] = -1;
      }
      if (target[i] == -1) {
        open.add(i);
      }
    }
    if (open.size() > 1) {
      throw ImportError.of(
          node,
          "its shape " + shape + " leaves the entries " + open + " unknown at import time; at most"
              + " one may be (as -1), and only the batch dimension is symbolic");
    }
    boolean batchFirst = in.length > 0 && (in[0] == TensorInfo.BATCH || in[0] == batch);
    boolean symbolic = Arrays.stream(in).anyMatch(d -> d == TensorInfo.BATCH);
    if (exportedBatch > 0 && target.length > 0 && target[0] == exportedBatch && batchFirst
        && keepsOneSample(target, in)) {
      target[0] = 0;
      notices.add(
          node.getOpType() + " node '" + node.getName() + "': the model was exported at batch"
              + " size " + exportedBatch + " (its shape " + shape + " fixes it); re-batched to"
              + " " + Arrays.toString(target) + ", the batch traced from the input");
    } else if (exportedBatch > 0 && symbolic && !keepsBatch(target, in)) {
      throw ImportError.of(
          node,
          "its shape " + shape + " was computed for batch size " + exportedBatch + " (the model"
              + " was exported at batch " + exportedBatch + " and the batch cannot be traced"
              + " through this node as the first dimension of " + data + "); export with a"
              + " dynamic batch axis");
    } else if (target.length > 0 && target[0] > 0 && in.length > 0
        && in[0] == TensorInfo.BATCH) {
      throw ImportError.of(
          node,
          "its shape " + shape + " fixes the batch dimension at " + target[0] + " (the exporter"
              + " folded the batch size into a constant; export with a dynamic batch axis)");
    }
    return target;
  }

  /**
   * Whether {@code target} keeps the symbolic batch of {@code in} as its first dimension: the
   * batch is first in {@code in}, and the target copies it (0) or infers it (-1) with the other
   * entries holding one sample.
   */
  private static boolean keepsBatch(long[] target, long[] in) {
    if (target.length == 0 || in.length == 0 || in[0] != TensorInfo.BATCH) {
      return false;
    }
    if (target[0] == 0) {
      return true;
    }
    if (target[0] != -1) {
      return false;
    }
    long[] rest = target.clone();
    rest[0] = 1;
    return keepsOneSample(rest, in) && Arrays.stream(rest).noneMatch(v -> v == -1);
  }

  /**
   * Whether {@code target}'s entries after the first hold exactly one sample of {@code in} (its
   * elements after the batch dimension), so that the first entry is the batch.
   */
  private static boolean keepsOneSample(long[] target, long[] in) {
    long sample = 1;
    for (int i = 1; i < in.length; i++) {
      if (in[i] < 0) {
        return false;
      }
      sample *= in[i];
    }
    long known = 1;
    boolean inferred = false;
    for (int i = 1; i < target.length; i++) {
      if (target[i] == -1) {
        inferred = true;
      } else if (target[i] == 0) {
        if (i >= in.length || in[i] < 0) {
          return false;
        }
        known *= in[i];
      } else {
        known *= target[i];
      }
    }
    return inferred ? known > 0 && sample % known == 0 : known == sample;
  }
}
