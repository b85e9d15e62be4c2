package org.ecoc4j.backends.onnx.graph;

import java.util.Arrays;
import java.util.Objects;

/**
 * Element type and shape of a tensor in a graph under construction.
 *
 * <p>A dimension of {@link #BATCH} is the symbolic batch dimension (named {@code batch} in the
 * serialised graph); {@link #UNKNOWN} is a size known only at run time (for example the batch
 * times the number of ensemble members); every other dimension is a known size. A rank-0 tensor
 * has no dimensions.
 *
 * @param elementType ONNX element type (see {@link ElementType})
 * @param dims dimensions, {@link #BATCH} or {@link #UNKNOWN} where not a fixed size
 */
public record TensorInfo(int elementType, long[] dims) {

  /** Marks the symbolic batch dimension. */
  public static final long BATCH = -1;

  /** Marks a dimension known only at run time. */
  public static final long UNKNOWN = -2;

  /** Copies the dimensions and refuses negative sizes other than {@link #BATCH}. */
  public TensorInfo {
    Objects.requireNonNull(dims, "dims");
    dims = dims.clone();
    for (long d : dims) {
      if (d < 0 && d != BATCH && d != UNKNOWN) {
        throw new IllegalArgumentException("dimension " + d + " in " + Arrays.toString(dims));
      }
    }
  }

  /** A float tensor of the given dimensions. */
  public static TensorInfo floats(long... dims) {
    return new TensorInfo(ElementType.FLOAT, dims);
  }

  /** An int64 tensor of the given dimensions. */
  public static TensorInfo longs(long... dims) {
    return new TensorInfo(ElementType.INT64, dims);
  }

  /** The dimensions (a copy). */
  @Override
  public long[] dims() {
    return dims.clone();
  }

  /** Number of dimensions. */
  public int rank() {
    return dims.length;
  }

  /** Dimension {@code axis}, negative axes counting from the end. */
  public long dim(int axis) {
    return dims[normalize(axis)];
  }

  /** Maps a negative axis to its positive index; refuses axes outside the rank. */
  public int normalize(int axis) {
    int a = axis < 0 ? axis + dims.length : axis;
    if (a < 0 || a >= dims.length) {
      throw new IllegalArgumentException("axis " + axis + " outside rank " + dims.length);
    }
    return a;
  }

  /** Whether every dimension is a known size. */
  public boolean isStatic() {
    for (long d : dims) {
      if (d < 0) {
        return false;
      }
    }
    return true;
  }

  /** Number of elements; only for static shapes. */
  public long elementCount() {
    if (!isStatic()) {
      throw new IllegalStateException("shape " + this + " is not fully known");
    }
    long n = 1;
    for (long d : dims) {
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  /** The same element type with other dimensions. */
  public TensorInfo withDims(long... newDims) {
    return new TensorInfo(elementType, newDims);
  }

  /** The same dimensions with another element type. */
  public TensorInfo withElementType(int type) {
    return new TensorInfo(type, dims);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TensorInfo other
        && elementType == other.elementType
        && Arrays.equals(dims, other.dims);
  }

  @Override
  public int hashCode() {
    return 31 * elementType + Arrays.hashCode(dims);
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(ElementType.name(elementType)).append('[');
    for (int i = 0; i < dims.length; i++) {
      String d = dims[i] == BATCH ? "batch" : dims[i] == UNKNOWN ? "?" : Long.toString(dims[i]);
      text.append(i == 0 ? "" : ",").append(d);
    }
    return text.append(']').toString();
  }
}
