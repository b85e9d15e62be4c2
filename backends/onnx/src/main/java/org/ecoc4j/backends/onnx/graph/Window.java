package org.ecoc4j.backends.onnx.graph;

import ai.onnx.proto.OnnxMl.AttributeProto;
import java.util.Arrays;
import java.util.List;

/**
 * Geometry of a 2-D sliding window (convolution or pooling) over [N, C, H, W], each pair along
 * (height, width): kernel size, strides, pads in ONNX order (top, left, bottom, right) and
 * dilations.
 *
 * @param kernel window size, two positive values
 * @param strides two positive values
 * @param pads four values, not negative
 * @param dilations two positive values
 */
public record Window(long[] kernel, long[] strides, long[] pads, long[] dilations) {

  /** Copies the arrays and refuses wrong lengths and values. */
  public Window {
    kernel = checked("kernel", kernel, 2, 1);
    strides = checked("strides", strides, 2, 1);
    pads = checked("pads", pads, 4, 0);
    dilations = checked("dilations", dilations, 2, 1);
  }

  /** A square window with equal strides, equal padding on every side and no dilation. */
  public static Window square(long kernel, long stride, long pad) {
    return new Window(
        new long[] {kernel, kernel},
        new long[] {stride, stride},
        new long[] {pad, pad, pad, pad},
        new long[] {1, 1});
  }

  private static long[] checked(String what, long[] values, int length, long min) {
    if (values == null || values.length != length) {
      throw new IllegalArgumentException(
          "a 2-D window needs " + length + " " + what + ", got " + Arrays.toString(values));
    }
    for (long v : values) {
      if (v < min) {
        throw new IllegalArgumentException(
            "window " + what + " must be at least " + min + ", got " + Arrays.toString(values));
      }
    }
    return values.clone();
  }

  /** The kernel size (a copy). */
  @Override
  public long[] kernel() {
    return kernel.clone();
  }

  /** The strides (a copy). */
  @Override
  public long[] strides() {
    return strides.clone();
  }

  /** The pads, top, left, bottom, right (a copy). */
  @Override
  public long[] pads() {
    return pads.clone();
  }

  /** The dilations (a copy). */
  @Override
  public long[] dilations() {
    return dilations.clone();
  }

  /** Span of the (dilated) kernel along axis 0 (height) or 1 (width). */
  public long extent(int axis) {
    return (kernel[axis] - 1) * dilations[axis] + 1;
  }

  /**
   * Number of window positions along axis 0 (height) or 1 (width) of an input of {@code size}.
   *
   * @throws IllegalArgumentException when the size is not known or the window does not fit
   */
  public long outputSize(int axis, long size, String what) {
    if (size < 0) {
      throw new IllegalArgumentException(what + " must be a known size");
    }
    long padded = size + pads[axis] + pads[axis + 2];
    if (padded < extent(axis)) {
      throw new IllegalArgumentException(
          what + ": window " + extent(axis) + " does not fit size " + size + " with padding "
              + pads[axis] + " + " + pads[axis + 2]);
    }
    return (padded - extent(axis)) / strides[axis] + 1;
  }

  /** Whether the top pad equals the bottom one and the left pad the right one. */
  public boolean symmetricPads() {
    return pads[0] == pads[2] && pads[1] == pads[3];
  }

  /** Whether every dilation is 1. */
  public boolean undilated() {
    return dilations[0] == 1 && dilations[1] == 1;
  }

  /** The same window without padding. */
  public Window withoutPads() {
    return new Window(kernel, strides, new long[4], dilations);
  }

  /** The {@code kernel_shape}, {@code strides} and {@code pads} attributes, and {@code dilations} where not 1. */
  public List<AttributeProto> poolingAttributes() {
    if (undilated()) {
      return List.of(
          Attributes.ofInts("kernel_shape", kernel),
          Attributes.ofInts("strides", strides),
          Attributes.ofInts("pads", pads));
    }
    return List.of(
        Attributes.ofInts("kernel_shape", kernel),
        Attributes.ofInts("strides", strides),
        Attributes.ofInts("pads", pads),
        Attributes.ofInts("dilations", dilations));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Window other
        && Arrays.equals(kernel, other.kernel)
        && Arrays.equals(strides, other.strides)
        && Arrays.equals(pads, other.pads)
        && Arrays.equals(dilations, other.dilations);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(
        new int[] {
          Arrays.hashCode(kernel),
          Arrays.hashCode(strides),
          Arrays.hashCode(pads),
          Arrays.hashCode(dilations)
        });
  }

  @Override
  public String toString() {
    return "Window(kernel " + Arrays.toString(kernel) + ", strides " + Arrays.toString(strides)
        + ", pads " + Arrays.toString(pads) + ", dilations " + Arrays.toString(dilations) + ")";
  }
}
