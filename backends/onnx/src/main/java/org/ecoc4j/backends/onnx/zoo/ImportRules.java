package org.ecoc4j.backends.onnx.zoo;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ecoc4j.backends.onnx.graph.Attributes;
import org.ecoc4j.backends.onnx.graph.ElementType;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;
import org.ecoc4j.backends.onnx.graph.TensorInfo;
import org.ecoc4j.backends.onnx.graph.Window;

/**
 * The import parts of the {@link OperatorTable} that need more than one builder call: each checks
 * the attribute values {@link ImportedModel} accepts and rebuilds the node with {@link
 * GraphBuilder}, naming the node and the value it refuses.
 */
final class ImportRules {

  /** Weight of the old running statistic in an imported BatchNormalization's update. */
  private static final float MOMENTUM = 0.9f;

  private ImportRules() {}

  /** Gemm with alpha = beta = 1 and no transposed A. */
  static String gemm(ImportStep s, NodeProto node, List<String> in) {
    if (Attributes.intOf(node, "transA", 0) != 0
        || Attributes.floatOf(node, "alpha", 1f) != 1f
        || Attributes.floatOf(node, "beta", 1f) != 1f) {
      throw ImportError.of(node, "only transA = 0, alpha = 1, beta = 1");
    }
    String bias = in.size() > 2 && !in.get(2).isEmpty() ? in.get(2) : null;
    return s.g().gemm(in.get(0), in.get(1), bias, Attributes.intOf(node, "transB", 0) != 0);
  }

  /** Flatten at axis 1. */
  static String flatten(ImportStep s, NodeProto node, List<String> in) {
    if (Attributes.intOf(node, "axis", 1) != 1) {
      throw ImportError.of(node, "only axis 1");
    }
    return s.g().flatten(in.get(0));
  }

  /** Reshape to the shape the folder computed. */
  static String reshape(ImportStep s, NodeProto node, List<String> in) {
    return s.g().reshape(in.get(0), s.folder().reshapeTarget(node, s.g().info(in.get(0))));
  }

  /** Transpose with a perm attribute. */
  static String transpose(ImportStep s, NodeProto node, List<String> in) {
    long[] perm = Attributes.intsOf(node, "perm");
    if (perm == null) {
      throw ImportError.of(node, "needs a perm attribute");
    }
    return s.g().transpose(in.get(0), perm);
  }

  /** Cast of a float tensor to float: the identity. */
  static String cast(ImportStep s, NodeProto node, List<String> in) {
    if (Attributes.intOf(node, "to", 0) != ElementType.FLOAT
        || s.g().info(in.get(0)).elementType() != ElementType.FLOAT) {
      throw ImportError.of(node, "only a Cast of a float tensor to float (or of a shape)");
    }
    return in.get(0);
  }

  /** Softmax or LogSoftmax over the last axis. */
  static String softmax(ImportStep s, NodeProto node, List<String> in) {
    GraphBuilder g = s.g();
    int rank = g.info(in.get(0)).rank();
    long axis = Attributes.intOf(node, "axis", -1);
    if (axis != -1 && axis != rank - 1) {
      throw ImportError.of(node, "only the last axis");
    }
    return node.getOpType().equals("Softmax") ? g.softmax(in.get(0)) : g.logSoftmax(in.get(0));
  }

  /**
   * Gather of a float tensor along its {@code axis} at indices known at import time (a scalar
   * drops the axis, a vector keeps it; negative indices count from the end), as Slices and a
   * Concat ({@link ImportedIndexing#take}); not along a batch of unknown size.
   */
  static String gather(ImportStep s, NodeProto node, List<String> in) {
    GraphBuilder g = s.g();
    TensorInfo x = g.info(in.get(0));
    FoldedInts indices = s.folder().value(node.getInput(1));
    if (indices == null || !indices.allKnown()) {
      throw ImportError.of(node, "its indices must be known at import time");
    }
    if (indices.dims().length > 1) {
      throw ImportError.of(
          node, "only a scalar or a vector of indices, got " + Arrays.toString(indices.dims()));
    }
    try {
      int axis = x.normalize((int) Attributes.intOf(node, "axis", 0));
      long size = x.dim(axis);
      if (size < 0) {
        throw ImportError.of(node, "only along an axis of known size, got axis " + axis + " of " + x);
      }
      long[] at = indices.values().clone();
      for (int i = 0; i < at.length; i++) {
        at[i] = at[i] < 0 ? at[i] + size : at[i];
      }
      String taken = ImportedIndexing.take(g, in.get(0), axis, at);
      if (indices.dims().length == 1) {
        return taken;
      }
      return ImportedIndexing.reshapeTo(g, taken, removed(x.dims(), axis));
    } catch (IllegalArgumentException e) {
      throw e.getMessage().startsWith("Gather node") ? e : ImportError.of(node, e.getMessage());
    }
  }

  /**
   * Squeeze of a float tensor: the axes given (attribute, or a folded input since opset 13), each
   * of size 1, or every axis of known size 1; a Reshape.
   */
  static String squeeze(ImportStep s, NodeProto node, List<String> in) {
    GraphBuilder g = s.g();
    TensorInfo x = g.info(in.get(0));
    long[] axes = axesOf(s, node);
    boolean[] drop = new boolean[x.rank()];
    if (axes == null) {
      for (int i = 0; i < x.rank(); i++) {
        drop[i] = x.dim(i) == 1;
      }
    } else {
      for (long axis : axes) {
        int a;
        try {
          a = x.normalize((int) axis);
        } catch (IllegalArgumentException e) {
          throw ImportError.of(node, e.getMessage());
        }
        if (x.dim(a) != 1) {
          throw ImportError.of(node, "axis " + axis + " of " + x + " does not have size 1");
        }
        drop[a] = true;
      }
    }
    long[] dims = new long[x.rank()];
    int n = 0;
    for (int i = 0; i < x.rank(); i++) {
      if (!drop[i]) {
        dims[n++] = x.dim(i);
      }
    }
    try {
      return ImportedIndexing.reshapeTo(g, in.get(0), Arrays.copyOf(dims, n));
    } catch (IllegalArgumentException e) {
      throw ImportError.of(node, e.getMessage());
    }
  }

  /**
   * Unsqueeze of a float tensor: axes of size 1 inserted at the output positions given (attribute,
   * or a folded input since opset 13); a Reshape.
   */
  static String unsqueeze(ImportStep s, NodeProto node, List<String> in) {
    GraphBuilder g = s.g();
    TensorInfo x = g.info(in.get(0));
    long[] axes = axesOf(s, node);
    if (axes == null || axes.length == 0) {
      throw ImportError.of(node, "needs axes");
    }
    int rank = x.rank() + axes.length;
    boolean[] inserted = new boolean[rank];
    for (long axis : axes) {
      int a = (int) (axis < 0 ? axis + rank : axis);
      if (a < 0 || a >= rank || inserted[a]) {
        throw ImportError.of(node, "axes " + Arrays.toString(axes) + " for an output of rank " + rank);
      }
      inserted[a] = true;
    }
    long[] dims = new long[rank];
    for (int i = 0, j = 0; i < rank; i++) {
      dims[i] = inserted[i] ? 1 : x.dim(j++);
    }
    try {
      return ImportedIndexing.reshapeTo(g, in.get(0), dims);
    } catch (IllegalArgumentException e) {
      throw ImportError.of(node, e.getMessage());
    }
  }

  /** The {@code axes} attribute, else the folded second input, else {@code null}. */
  private static long[] axesOf(ImportStep s, NodeProto node) {
    long[] axes = Attributes.intsOf(node, "axes");
    if (axes == null && node.getInputCount() > 1 && !node.getInput(1).isEmpty()) {
      axes = knownInput(s, node, 1, "axes");
    }
    return axes;
  }

  private static long[] removed(long[] dims, int axis) {
    long[] out = new long[dims.length - 1];
    for (int i = 0, j = 0; i < dims.length; i++) {
      if (i != axis) {
        out[j++] = dims[i];
      }
    }
    return out;
  }

  /** An operator folded on shapes but not imported on float tensors. */
  static String shapesOnly(ImportStep s, NodeProto node, List<String> in) {
    throw ImportError.of(node, "only on shape computations (integer tensors known at import time)");
  }

  /** HardSigmoid with its alpha and beta (defaults 0.2 and 0.5). */
  static String hardSigmoid(ImportStep s, NodeProto node, List<String> in) {
    return s.g().hardSigmoid(
        in.get(0), Attributes.floatOf(node, "alpha", 0.2f), Attributes.floatOf(node, "beta", 0.5f));
  }

  /** HardSwish as {@code x * HardSigmoid(x)} with alpha 1/6 and beta 1/2 (its definition). */
  static String hardSwish(ImportStep s, NodeProto node, List<String> in) {
    GraphBuilder g = s.g();
    return g.mul(in.get(0), g.hardSigmoid(in.get(0), 1f / 6f, 0.5f));
  }

  /**
   * ReduceMean or ReduceSum over constant axes: an attribute (ReduceMean before opset 18) or a
   * folded input (ReduceSum since 13, ReduceMean since 18); none reduces every axis unless {@code
   * noop_with_empty_axes} is 1 (then the identity).
   */
  static String reduce(ImportStep s, NodeProto node, List<String> in) {
    GraphBuilder g = s.g();
    long[] axes = Attributes.intsOf(node, "axes");
    if (axes == null && node.getInputCount() > 1 && !node.getInput(1).isEmpty()) {
      FoldedInts folded = s.folder().value(node.getInput(1));
      if (folded == null || !folded.allKnown()) {
        throw ImportError.of(node, "its axes must be known at import time");
      }
      axes = folded.values();
    }
    axes = axes == null ? new long[0] : axes;
    if (axes.length == 0 && Attributes.intOf(node, "noop_with_empty_axes", 0) != 0) {
      return in.get(0);
    }
    boolean keep = Attributes.intOf(node, "keepdims", 1) != 0;
    try {
      return node.getOpType().equals("ReduceMean")
          ? g.reduceMean(in.get(0), keep, axes)
          : g.reduceSum(in.get(0), keep, axes);
    } catch (IllegalArgumentException e) {
      throw ImportError.of(node, e.getMessage());
    }
  }

  /**
   * Split along a known axis: sizes from the {@code split} input (opset 13+) or attribute, else
   * {@code num_outputs} (opset 18) or one part per output, as equal as ONNX makes them (the last
   * part smaller).
   */
  static List<String> split(ImportStep s, NodeProto node, List<String> in) {
    GraphBuilder g = s.g();
    TensorInfo x = g.info(in.get(0));
    int axis;
    try {
      axis = x.normalize((int) Attributes.intOf(node, "axis", 0));
    } catch (IllegalArgumentException e) {
      throw ImportError.of(node, e.getMessage());
    }
    long size = x.dim(axis);
    if (size < 0) {
      throw ImportError.of(node, "only along an axis of known size, got " + x);
    }
    long[] sizes = Attributes.intsOf(node, "split");
    if (sizes == null && node.getInputCount() > 1 && !node.getInput(1).isEmpty()) {
      FoldedInts folded = s.folder().value(node.getInput(1));
      if (folded == null || !folded.allKnown()) {
        throw ImportError.of(node, "its split sizes must be known at import time");
      }
      sizes = folded.values();
    }
    if (sizes == null) {
      long parts = Attributes.intOf(node, "num_outputs", node.getOutputCount());
      long each = (size + parts - 1) / parts;
      sizes = new long[(int) parts];
      for (int i = 0; i < parts; i++) {
        sizes[i] = Math.max(0, Math.min(each, size - i * each));
      }
    }
    if (sizes.length != node.getOutputCount()
        || Arrays.stream(sizes).sum() != size
        || Arrays.stream(sizes).anyMatch(v -> v <= 0)) {
      throw ImportError.of(
          node, "sizes " + Arrays.toString(sizes) + " for " + node.getOutputCount()
              + " outputs of axis " + axis + " of " + x);
    }
    return g.split(in.get(0), axis, sizes);
  }

  /**
   * Slice of a float tensor with starts, ends, axes and steps known at import time, as ONNX
   * defines it: negative indices count from the end, out-of-range ones are clamped (to {@code [0,
   * size]} for a positive step, {@code [-1, size - 1]} for a negative one). Steps of 1 are one
   * Slice; a larger step is that Slice followed by {@link ImportedIndexing#strided}; a negative
   * step takes its entries in order ({@link ImportedIndexing#take}). An empty result is refused.
   */
  static String slice(ImportStep s, NodeProto node, List<String> in) {
    GraphBuilder g = s.g();
    TensorInfo x = g.info(in.get(0));
    long[] starts = knownInput(s, node, 1, "starts");
    long[] ends = knownInput(s, node, 2, "ends");
    long[] axes = node.getInputCount() > 3 && !node.getInput(3).isEmpty()
        ? knownInput(s, node, 3, "axes") : null;
    long[] steps = node.getInputCount() > 4 && !node.getInput(4).isEmpty()
        ? knownInput(s, node, 4, "steps") : null;
    if (axes == null) {
      axes = new long[starts.length];
      for (int i = 0; i < axes.length; i++) {
        axes[i] = i;
      }
    }
    if (steps == null) {
      steps = new long[starts.length];
      Arrays.fill(steps, 1);
    }
    if (starts.length != ends.length || axes.length != starts.length
        || steps.length != starts.length) {
      throw ImportError.of(node, "as many starts, ends, axes and steps are needed");
    }
    List<long[]> plain = new ArrayList<>();
    List<long[]> stepped = new ArrayList<>();
    String out = in.get(0);
    try {
      for (int i = 0; i < axes.length; i++) {
        int a = x.normalize((int) axes[i]);
        long size = x.dim(a);
        if (size < 0) {
          throw ImportError.of(node, "only slices of axes of known size, got " + x);
        }
        long step = steps[i];
        if (step == 0) {
          throw ImportError.of(node, "a step of 0");
        }
        if (step < 0) {
          long from = clamp(starts[i] < 0 ? starts[i] + size : starts[i], 0, size - 1);
          long to = clamp(ends[i] < 0 ? ends[i] + size : ends[i], -1, size - 1);
          List<Long> taken = new ArrayList<>();
          for (long k = from; k > to; k += step) {
            taken.add(k);
          }
          if (taken.isEmpty()) {
            throw ImportError.of(node, "an empty slice of axis " + a + " of " + x);
          }
          out = ImportedIndexing.take(
              g, out, a, taken.stream().mapToLong(Long::longValue).toArray());
          continue;
        }
        long from = clampIndex(starts[i], size);
        long to = clampIndex(ends[i], size);
        if (to <= from) {
          throw ImportError.of(node, "an empty slice of axis " + a + " of " + x);
        }
        long count = (to - from + step - 1) / step;
        plain.add(new long[] {from, from + (count - 1) * step + 1, a});
        if (step > 1) {
          stepped.add(new long[] {a, step});
        }
      }
      if (!plain.isEmpty()) {
        out = g.slice(
            out,
            plain.stream().mapToLong(p -> p[0]).toArray(),
            plain.stream().mapToLong(p -> p[1]).toArray(),
            plain.stream().mapToLong(p -> p[2]).toArray());
      }
      for (long[] st : stepped) {
        out = ImportedIndexing.strided(g, out, (int) st[0], st[1]);
      }
      return out;
    } catch (IllegalArgumentException e) {
      throw e.getMessage().startsWith("Slice node") ? e : ImportError.of(node, e.getMessage());
    }
  }

  private static long clamp(long v, long min, long max) {
    return Math.max(min, Math.min(max, v));
  }

  private static long clampIndex(long index, long size) {
    long i = index < 0 ? index + size : index;
    return Math.max(0, Math.min(size, i));
  }

  /** The values of integer input {@code i}, which the folder must know. */
  private static long[] knownInput(ImportStep s, NodeProto node, int i, String what) {
    FoldedInts v = i < node.getInputCount() ? s.folder().value(node.getInput(i)) : null;
    if (v == null || !v.allKnown()) {
      throw ImportError.of(node, "its " + what + " must be known at import time");
    }
    return v.values();
  }

  /** The float constant at input {@code i}, {@code fallback} when the input is absent. */
  private static float constantFloat(ImportStep s, NodeProto node, int i, float fallback) {
    if (i >= node.getInputCount() || node.getInput(i).isEmpty()) {
      return fallback;
    }
    float[] v = s.floatConstants().get(node.getInput(i));
    if (v == null || v.length != 1) {
      throw ImportError.of(node, "input " + i + " must be a constant float scalar");
    }
    return v[0];
  }

  static String conv(ImportStep s, NodeProto node, List<String> in) {
    GraphBuilder g = s.g();
    TensorInfo w = g.info(in.get(1));
    if (w.rank() != 4) {
      throw ImportError.of(node, "only 2-D convolutions, got weights " + w);
    }
    long[] kernel = {w.dim(2), w.dim(3)};
    long[] declared = Attributes.intsOf(node, "kernel_shape");
    if (declared != null && !Arrays.equals(declared, kernel)) {
      throw ImportError.of(
          node, "kernel_shape " + Arrays.toString(declared) + " differs from the weights " + w);
    }
    Window window = ImportedWindows.read(node, kernel, g.info(in.get(0)));
    long group = Attributes.intOf(node, "group", 1);
    String bias = in.size() > 2 && !in.get(2).isEmpty() ? in.get(2) : null;
    try {
      return g.conv(in.get(0), in.get(1), bias, window, group);
    } catch (IllegalArgumentException e) {
      throw ImportError.of(node, e.getMessage());
    }
  }

  static String maxPool(ImportStep s, NodeProto node, List<String> in) {
    GraphBuilder g = s.g();
    if (Attributes.intOf(node, "storage_order", 0) != 0) {
      throw ImportError.of(node, "only storage_order 0");
    }
    Window window = ImportedWindows.readPooling(node, g.info(in.get(0)));
    try {
      return g.maxPool(in.get(0), window).output();
    } catch (IllegalArgumentException e) {
      throw ImportError.of(node, e.getMessage());
    }
  }

  static String averagePool(ImportStep s, NodeProto node, List<String> in) {
    GraphBuilder g = s.g();
    Window window = ImportedWindows.readPooling(node, g.info(in.get(0)));
    boolean includePad = Attributes.intOf(node, "count_include_pad", 0) != 0;
    if (ImportedWindows.ceilPadded(node, window) && includePad) {
      // the divisor of a window ceil_mode adds past the end differs between runtimes (ONNX
      // Runtime 1.24 does not divide it by the covered pixels as PyTorch does)
      throw ImportError.of(
          node, "ceil_mode 1 with count_include_pad 1 where ceil_mode adds a window (its divisor"
              + " differs between PyTorch and ONNX Runtime)");
    }
    try {
      return g.averagePool(in.get(0), window, includePad);
    } catch (IllegalArgumentException e) {
      throw ImportError.of(node, e.getMessage());
    }
  }

  /** Clip's bounds: attributes before opset 11, constant inputs since. */
  static String clip(ImportStep s, NodeProto node, List<String> in) {
    GraphBuilder g = s.g();
    float min = Attributes.floatOf(node, "min", Float.NEGATIVE_INFINITY);
    float max = Attributes.floatOf(node, "max", Float.POSITIVE_INFINITY);
    min = constantFloat(s, node, 1, min);
    max = constantFloat(s, node, 2, max);
    if (!(min <= max)) {
      throw ImportError.of(node, "min " + min + " exceeds max " + max);
    }
    return g.clip(in.get(0), min, max);
  }

  /**
   * Pad with non-negative pads known at import time (an attribute before opset 11, else a folded
   * input), over every axis or, since opset 18, over the axes of a folded {@code axes} input
   * (negative ones counted from the end). Mode {@code constant} (a constant value, 0 by default)
   * is one Pad; modes {@code edge} (the border entry repeated) and {@code reflect} (mirrored
   * without repeating the border; pads less than the axis' size) take the entries of each padded
   * axis in order ({@link ImportedIndexing#take}).
   */
  static String pad(ImportStep s, NodeProto node, List<String> in) {
    GraphBuilder g = s.g();
    ShapeFolder folder = s.folder();
    TensorInfo x = g.info(in.get(0));
    String mode = Attributes.stringOf(node, "mode", "constant");
    if (!mode.equals("constant") && !mode.equals("edge") && !mode.equals("reflect")) {
      throw ImportError.of(node, "only modes constant, edge and reflect, got " + mode);
    }
    long[] pads = Attributes.intsOf(node, "pads");
    if (pads == null) {
      FoldedInts folded = node.getInputCount() > 1 ? folder.value(node.getInput(1)) : null;
      if (folded == null || !folded.allKnown()) {
        throw ImportError.of(node, "pads must be known at import time");
      }
      pads = folded.values();
    }
    int rank = x.rank();
    if (node.getInputCount() > 3 && !node.getInput(3).isEmpty()) {
      long[] axes = knownInput(s, node, 3, "axes");
      if (pads.length != 2 * axes.length) {
        throw ImportError.of(
            node, pads.length + " pads for " + axes.length + " axes " + Arrays.toString(axes));
      }
      long[] all = new long[2 * rank];
      for (int i = 0; i < axes.length; i++) {
        int a;
        try {
          a = x.normalize((int) axes[i]);
        } catch (IllegalArgumentException e) {
          throw ImportError.of(node, e.getMessage());
        }
        all[a] = pads[i];
        all[a + rank] = pads[i + axes.length];
      }
      pads = all;
    }
    if (pads.length != 2 * rank || Arrays.stream(pads).anyMatch(p -> p < 0)) {
      throw ImportError.of(
          node, "needs " + 2 * rank + " non-negative pads for " + x + ", got "
              + Arrays.toString(pads));
    }
    try {
      if (mode.equals("constant")) {
        float value = constantFloat(s, node, 2, Attributes.floatOf(node, "value", 0f));
        return value == 0f ? g.pad(in.get(0), pads) : g.padWith(in.get(0), value, pads);
      }
      String out = in.get(0);
      for (int a = 0; a < rank; a++) {
        long before = pads[a];
        long after = pads[a + rank];
        if (before == 0 && after == 0) {
          continue;
        }
        long size = x.dim(a);
        if (size < 0) {
          throw ImportError.of(node, "cannot pad axis " + a + " of unknown size in " + x);
        }
        if (mode.equals("reflect") && (before >= size || after >= size)) {
          throw ImportError.of(
              node, "reflect pads " + before + " and " + after + " must be less than the size "
                  + size + " of axis " + a);
        }
        long[] at = new long[(int) (before + size + after)];
        for (int i = 0; i < at.length; i++) {
          long k = i - before;
          at[i] = mode.equals("edge")
              ? clamp(k, 0, size - 1)
              : k < 0 ? -k : k >= size ? 2 * (size - 1) - k : k;
        }
        out = ImportedIndexing.take(g, out, a, at);
      }
      return out;
    } catch (IllegalArgumentException e) {
      throw e.getMessage().startsWith("Pad node") ? e : ImportError.of(node, e.getMessage());
    }
  }

  /** A float ConstantOfShape (integer ones are folded) as a constant of its known shape. */
  static String constantOfShape(ImportStep s, NodeProto node, List<String> in) {
    GraphBuilder g = s.g();
    ShapeFolder folder = s.folder();
    FoldedInts shape = folder.value(node.getInput(0));
    if (shape == null || !shape.allKnown()) {
      throw ImportError.of(node, "its shape must be known at import time");
    }
    float fill = 0f;
    for (AttributeProto a : node.getAttributeList()) {
      if (a.getName().equals("value")) {
        if (a.getT().getDataType() != ElementType.FLOAT) {
          throw ImportError.of(node, "only float or integer values");
        }
        fill = OnnxImport.floats(a.getT())[0];
      }
    }
    long[] dims = shape.values();
    float[] values = new float[Math.toIntExact(Arrays.stream(dims).reduce(1, Math::multiplyExact))];
    Arrays.fill(values, fill);
    return g.constant("constantOfShape", values, dims);
  }

  static String batchNorm(ImportStep s, NodeProto node, List<String> in) {
    GraphBuilder g = s.g();
    if (Attributes.intOf(node, "training_mode", 0) != 0) {
      throw ImportError.of(node, "only training_mode 0 (an inference graph)");
    }
    float epsilon = Attributes.floatOf(node, "epsilon", 1e-5f);
    if (!s.training()) {
      return g.batchNormInference(in.get(0), in.get(1), in.get(2), in.get(3), in.get(4), epsilon);
    }
    GraphBuilder.BatchNormed out =
        g.batchNormTraining(
            in.get(0), in.get(1), in.get(2), in.get(3), in.get(4), epsilon, MOMENTUM);
    s.updates().put(in.get(3), out.runningMean());
    s.updates().put(in.get(4), out.runningVar());
    return out.output();
  }
}
