package org.ecoc4j.backends.ort;

import java.util.Arrays;

/**
 * A float tensor copied out of ONNX Runtime.
 *
 * @param dims dimensions
 * @param values row-major values
 */
public record HostTensor(long[] dims, float[] values) {

  /** Keeps the arrays (the caller owns them; no copy). */
  public HostTensor {
    long n = 1;
    for (long d : dims) {
      n *= d;
    }
    if (n != values.length) {
      throw new IllegalArgumentException(
          Arrays.toString(dims) + " needs " + n + " values, got " + values.length);
    }
  }

  /** The single value of a one-element tensor. */
  public float scalar() {
    if (values.length != 1) {
      throw new IllegalStateException("tensor " + Arrays.toString(dims) + " is not a scalar");
    }
    return values[0];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HostTensor other
        && Arrays.equals(dims, other.dims)
        && Arrays.equals(values, other.values);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(dims) + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "HostTensor" + Arrays.toString(dims);
  }
}
