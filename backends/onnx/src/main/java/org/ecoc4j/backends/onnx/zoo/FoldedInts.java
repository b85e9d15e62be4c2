package org.ecoc4j.backends.onnx.zoo;

import java.util.Arrays;
import org.ecoc4j.backends.onnx.graph.TensorInfo;

/**
 * An integer tensor evaluated while a model is imported (a shape, an index, a list of axes):
 * each element is a known value, the symbolic batch size, or a size unknown until run time.
 */
final class FoldedInts {

  /** What an element holds. */
  enum Kind {
    KNOWN,
    BATCH,
    UNKNOWN
  }

  private final long[] dims;
  private final long[] values;
  private final Kind[] kinds;

  FoldedInts(long[] dims, long[] values, Kind[] kinds) {
    long count = Arrays.stream(dims).reduce(1, Math::multiplyExact);
    if (values.length != count || kinds.length != count) {
      throw new IllegalArgumentException(
          values.length + " values do not fill an integer tensor of " + Arrays.toString(dims));
    }
    this.dims = dims.clone();
    this.values = values.clone();
    this.kinds = kinds.clone();
  }

  /** A tensor of known values. */
  static FoldedInts known(long[] dims, long... values) {
    Kind[] kinds = new Kind[values.length];
    Arrays.fill(kinds, Kind.KNOWN);
    return new FoldedInts(dims, values, kinds);
  }

  /** The shape of a tensor as {@code Shape} returns it: [rank] elements. */
  static FoldedInts shapeOf(TensorInfo info) {
    long[] d = info.dims();
    Kind[] kinds = new Kind[d.length];
    for (int i = 0; i < d.length; i++) {
      kinds[i] =
          d[i] == TensorInfo.BATCH ? Kind.BATCH : d[i] < 0 ? Kind.UNKNOWN : Kind.KNOWN;
      d[i] = Math.max(d[i], 0);
    }
    return new FoldedInts(new long[] {d.length}, d, kinds);
  }

  long[] dims() {
    return dims.clone();
  }

  int size() {
    return values.length;
  }

  Kind kind(int i) {
    return kinds[i];
  }

  /** The value of element {@code i}; meaningful only when it is {@link Kind#KNOWN}. */
  long value(int i) {
    return values[i];
  }

  /** Whether every element is known. */
  boolean allKnown() {
    return Arrays.stream(kinds).allMatch(k -> k == Kind.KNOWN);
  }

  /** The values; only when {@link #allKnown()}. */
  long[] values() {
    if (!allKnown()) {
      throw new IllegalStateException(this + " is not known at import time");
    }
    return values.clone();
  }

  /** The same elements under other dimensions. */
  FoldedInts withDims(long[] newDims) {
    return new FoldedInts(newDims, values, kinds);
  }

  /** The elements at {@code indices}, under the dimensions {@code newDims}. */
  FoldedInts pick(int[] indices, long[] newDims) {
    long[] v = new long[indices.length];
    Kind[] k = new Kind[indices.length];
    for (int i = 0; i < indices.length; i++) {
      v[i] = values[indices[i]];
      k[i] = kinds[indices[i]];
    }
    return new FoldedInts(newDims, v, k);
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("[");
    for (int i = 0; i < values.length; i++) {
      text.append(i == 0 ? "" : ", ");
      text.append(
          switch (kinds[i]) {
            case KNOWN -> Long.toString(values[i]);
            case BATCH -> "batch";
            case UNKNOWN -> "?";
          });
    }
    return text.append(']').toString();
  }
}
