package org.ecoc4j.backends.onnx.zoo;

import java.util.Arrays;
import java.util.Objects;

/**
 * A trainable parameter of a model: its name, dimensions and how it starts.
 *
 * @param name unique name, e.g. {@code m0.conv1.weight}
 * @param dims dimensions, all known
 * @param fanIn inputs feeding each output unit: weights start He-uniform in
 *     {@code +-sqrt(6 / fanIn)}; 0 for a parameter that starts at zero (biases)
 */
public record ParameterSpec(String name, long[] dims, int fanIn) {

  /** Copies the dimensions and checks them. */
  public ParameterSpec {
    Objects.requireNonNull(name, "name");
    dims = dims.clone();
    for (long d : dims) {
      if (d < 1) {
        throw new IllegalArgumentException("parameter " + name + " has dims " + Arrays.toString(dims));
      }
    }
    if (fanIn < 0) {
      throw new IllegalArgumentException("fanIn must not be negative, got " + fanIn);
    }
  }

  /** The dimensions (a copy). */
  @Override
  public long[] dims() {
    return dims.clone();
  }

  /** Number of elements. */
  public int size() {
    long n = 1;
    for (long d : dims) {
      n = Math.multiplyExact(n, d);
    }
    return Math.toIntExact(n);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ParameterSpec other
        && name.equals(other.name)
        && Arrays.equals(dims, other.dims)
        && fanIn == other.fanIn;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, Arrays.hashCode(dims), fanIn);
  }

  @Override
  public String toString() {
    return name + Arrays.toString(dims);
  }
}
