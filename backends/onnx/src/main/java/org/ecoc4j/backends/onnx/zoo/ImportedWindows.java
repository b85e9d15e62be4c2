package org.ecoc4j.backends.onnx.zoo;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.Arrays;
import org.ecoc4j.backends.onnx.graph.Attributes;
import org.ecoc4j.backends.onnx.graph.TensorInfo;
import org.ecoc4j.backends.onnx.graph.Window;

/**
 * Reads the 2-D window of an imported Conv, MaxPool or AveragePool node: {@code strides}, {@code
 * dilations} and {@code pads}, or the pads {@code auto_pad} implies ({@code VALID}: none; {@code
 * SAME_UPPER} / {@code SAME_LOWER}: enough for {@code ceil(size / stride)} outputs, the odd pixel
 * at the end or at the beginning).
 */
final class ImportedWindows {

  private ImportedWindows() {}

  /**
   * The window of a pooling node, whose kernel is its {@code kernel_shape}. With {@code ceil_mode
   * 1} the output size rounds up, as PyTorch and ONNX Runtime compute it (a last window that
   * would start past the input and its begin pad is dropped); the windows this adds are expressed
   * as extra end pads, which max pooling never picks (see {@link #ceilPadded}).
   */
  static Window readPooling(NodeProto node, TensorInfo x) {
    long[] kernel = Attributes.intsOf(node, "kernel_shape");
    if (kernel == null) {
      throw ImportError.of(node, "needs kernel_shape");
    }
    Window floor = read(node, kernel, x);
    if (Attributes.intOf(node, "ceil_mode", 0) == 0) {
      return floor;
    }
    long[] pads = floor.pads();
    long[] strides = floor.strides();
    for (int axis = 0; axis < 2; axis++) {
      long size = x.dim(2 + axis);
      if (size < 0) {
        throw ImportError.of(node, "ceil_mode 1 needs known sizes, got " + x);
      }
      long span = size + pads[axis] + pads[axis + 2] - floor.extent(axis);
      long outputs = Math.floorDiv(span + strides[axis] - 1, strides[axis]) + 1;
      if ((outputs - 1) * strides[axis] >= size + pads[axis]) {
        outputs--;
      }
      long reach = (outputs - 1) * strides[axis] + floor.extent(axis);
      pads[axis + 2] += Math.max(0, reach - (size + pads[axis] + pads[axis + 2]));
    }
    return window(node, kernel, strides, pads, floor.dilations(), pads);
  }

  /** Whether {@code window} (from {@link #readPooling}) has end pads that ceil_mode added. */
  static boolean ceilPadded(NodeProto node, Window window) {
    if (Attributes.intOf(node, "ceil_mode", 0) == 0) {
      return false;
    }
    long[] own = Attributes.intsOf(node, "pads");
    long[] pads = window.pads();
    String autoPad = Attributes.stringOf(node, "auto_pad", "NOTSET");
    if (!autoPad.equals("NOTSET") && !autoPad.equals("VALID")) {
      return true;
    }
    long[] given = own == null || autoPad.equals("VALID") ? new long[4] : own;
    return pads[2] != given[2] || pads[3] != given[3];
  }

  /** The window of {@code node} over the input {@code x}, with the given kernel size. */
  static Window read(NodeProto node, long[] kernel, TensorInfo x) {
    long[] strides = orDefault(Attributes.intsOf(node, "strides"), 1, 1);
    long[] dilations = orDefault(Attributes.intsOf(node, "dilations"), 1, 1);
    long[] pads = orDefault(Attributes.intsOf(node, "pads"), 0, 0, 0, 0);
    if (kernel.length != 2 || strides.length != 2 || dilations.length != 2 || pads.length != 4
        || x.rank() != 4) {
      throw ImportError.of(node, "only 2-D windows over [N, C, H, W], got input " + x);
    }
    String autoPad = Attributes.stringOf(node, "auto_pad", "NOTSET");
    long[] effective =
        switch (autoPad) {
          case "NOTSET" -> pads;
          case "VALID" -> new long[4];
          case "SAME_UPPER", "SAME_LOWER" -> samePads(
              node, autoPad, x, window(node, kernel, strides, new long[4], dilations, pads));
          default -> throw ImportError.of(node, "unknown auto_pad " + autoPad);
        };
    return window(node, kernel, strides, effective, dilations, pads);
  }

  /**
   * The pads {@code SAME_UPPER} or {@code SAME_LOWER} imply: enough for {@code ceil(size /
   * stride)} outputs along each axis, the odd pixel at the end (upper) or at the beginning.
   */
  private static long[] samePads(NodeProto node, String autoPad, TensorInfo x, Window unpadded) {
    long[] strides = unpadded.strides();
    long[] same = new long[4];
    for (int axis = 0; axis < 2; axis++) {
      long size = x.dim(2 + axis);
      if (size < 0) {
        throw ImportError.of(node, "auto_pad " + autoPad + " needs known sizes, got " + x);
      }
      long outputs = (size + strides[axis] - 1) / strides[axis];
      long total = Math.max(0, (outputs - 1) * strides[axis] + unpadded.extent(axis) - size);
      long small = total / 2;
      boolean upper = autoPad.equals("SAME_UPPER");
      same[axis] = upper ? small : total - small;
      same[axis + 2] = upper ? total - small : small;
    }
    return same;
  }

  /**
   * The window of the given geometry, refused as an import error of {@code node} that names the
   * node's own {@code pads} when the geometry is invalid.
   */
  private static Window window(
      NodeProto node, long[] kernel, long[] strides, long[] pads, long[] dilations, long[] given) {
    try {
      return new Window(kernel, strides, pads, dilations);
    } catch (IllegalArgumentException e) {
      throw ImportError.of(node, e.getMessage() + " (pads " + Arrays.toString(given) + ")");
    }
  }

  private static long[] orDefault(long[] values, long... fallback) {
    return values == null ? fallback : values;
  }
}
