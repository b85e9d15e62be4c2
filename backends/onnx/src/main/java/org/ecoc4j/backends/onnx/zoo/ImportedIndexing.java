package org.ecoc4j.backends.onnx.zoo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;
import org.ecoc4j.backends.onnx.graph.TensorInfo;

/**
 * Indexing of float tensors in an imported model composed of operators that already have checked
 * gradient rules (Slice, Concat, Pad, Reshape), so that Gather, Squeeze, Unsqueeze, Slice with
 * steps and edge or reflect Pad need no rule of their own.
 *
 * <ul>
 *   <li>{@link #take}: the entries {@code indices} of one axis, in order (repeats and descending
 *       runs allowed): each maximal run of consecutive ascending indices is one Slice, the runs
 *       are concatenated along the axis. {@code dX} is the sum of the zero-padded output
 *       gradients of the runs (the Slice and Concat rules).
 *   <li>{@link #strided}: every {@code step}-th entry of an axis from its first: a zero Pad to a
 *       multiple of {@code step}, a Reshape splitting the axis into {@code [m, step]}, a Slice of
 *       the first of each {@code step} and a Reshape back; {@code dX} puts each output gradient
 *       at its entry and zeros between (the Pad, Reshape and Slice rules).
 *   <li>{@link #reshapeTo}: a Reshape to known dimensions, a symbolic batch kept by copying it (0)
 *       or inferring it (-1).
 * </ul>
 */
final class ImportedIndexing {

  private ImportedIndexing() {}

  /**
   * The entries {@code indices} (each in {@code [0, size)}) of axis {@code axis} of {@code x}.
   *
   * @throws IllegalArgumentException for an axis of unknown size, an index out of range or no
   *     index
   */
  static String take(GraphBuilder g, String x, int axis, long[] indices) {
    TensorInfo ix = g.info(x);
    long size = ix.dim(axis);
    if (size < 0) {
      throw new IllegalArgumentException("axis " + axis + " of " + ix + " has no known size");
    }
    if (indices.length == 0) {
      throw new IllegalArgumentException("no index to take from axis " + axis + " of " + ix);
    }
    List<String> parts = new ArrayList<>();
    int i = 0;
    while (i < indices.length) {
      long start = indices[i];
      if (start < 0 || start >= size) {
        throw new IllegalArgumentException(
            "index " + start + " out of range for axis " + axis + " of " + ix);
      }
      int j = i + 1;
      while (j < indices.length && indices[j] == indices[j - 1] + 1) {
        j++;
      }
      long end = indices[j - 1] + 1;
      if (end > size) {
        throw new IllegalArgumentException(
            "index " + (end - 1) + " out of range for axis " + axis + " of " + ix);
      }
      parts.add(start == 0 && end == size
          ? x
          : g.slice(x, new long[] {start}, new long[] {end}, new long[] {axis}));
      i = j;
    }
    return g.concat(axis, parts);
  }

  /**
   * Entries {@code 0, step, 2 step, ...} of axis {@code axis} of {@code x} (of known size).
   *
   * @param step at least 2
   */
  static String strided(GraphBuilder g, String x, int axis, long step) {
    TensorInfo ix = g.info(x);
    long size = ix.dim(axis);
    if (size < 0 || step < 2) {
      throw new IllegalArgumentException("step " + step + " along axis " + axis + " of " + ix);
    }
    long m = (size + step - 1) / step;
    String padded = x;
    if (m * step != size) {
      long[] pads = new long[2 * ix.rank()];
      pads[ix.rank() + axis] = m * step - size;
      padded = g.pad(x, pads);
    }
    long[] split = new long[ix.rank() + 1];
    for (int i = 0, j = 0; i < ix.rank(); i++, j++) {
      if (i == axis) {
        split[j++] = m;
        split[j] = step;
      } else {
        split[j] = ix.dim(i);
      }
    }
    String grouped = reshapeTo(g, padded, split);
    String first = g.slice(grouped, new long[] {0}, new long[] {1}, new long[] {axis + 1});
    long[] out = ix.dims();
    out[axis] = m;
    return reshapeTo(g, first, out);
  }

  /**
   * {@code x} reshaped to {@code dims}, where at most one entry is unknown: the symbolic batch,
   * copied (0) where it stays first, else inferred (-1).
   *
   * @throws IllegalArgumentException for more than one unknown entry
   */
  static String reshapeTo(GraphBuilder g, String x, long[] dims) {
    TensorInfo ix = g.info(x);
    long[] target = dims.clone();
    int unknown = 0;
    for (int i = 0; i < target.length; i++) {
      if (target[i] < 0) {
        unknown++;
        target[i] = i == 0 && ix.rank() > 0 && ix.dim(0) < 0 ? 0 : -1;
      }
    }
    if (unknown > 1) {
      throw new IllegalArgumentException(
          "cannot reshape " + ix + " to " + Arrays.toString(dims) + ": two unknown sizes");
    }
    return g.reshape(x, target);
  }
}
