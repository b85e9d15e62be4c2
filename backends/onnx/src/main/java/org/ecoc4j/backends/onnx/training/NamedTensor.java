package org.ecoc4j.backends.onnx.training;

import java.util.Arrays;
import java.util.Objects;

/**
 * A named float tensor: a parameter's value in a checkpoint.
 *
 * @param name parameter name
 * @param dims dimensions
 * @param values row-major values, as many as the dimensions hold
 */
public record NamedTensor(String name, long[] dims, float[] values) {

  /** Copies the arrays and checks that the values fill the dimensions. */
  public NamedTensor {
    Objects.requireNonNull(name, "name");
    dims = dims.clone();
    values = values.clone();
    long n = 1;
    for (long d : dims) {
      if (d < 0) {
        throw new IllegalArgumentException("tensor " + name + " has dims " + Arrays.toString(dims));
      }
      n *= d;
      if (n > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            "tensor " + name + " of dims " + Arrays.toString(dims) + " is too large");
      }
    }
    if (n != values.length) {
      throw new IllegalArgumentException(
          "tensor " + name + " of dims " + Arrays.toString(dims) + " needs " + n + " values, got "
              + values.length);
    }
  }

  /** The dimensions (a copy). */
  @Override
  public long[] dims() {
    return dims.clone();
  }

  /** The values (a copy). */
  @Override
  public float[] values() {
    return values.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NamedTensor other
        && name.equals(other.name)
        && Arrays.equals(dims, other.dims)
        && Arrays.equals(values, other.values);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, Arrays.hashCode(dims), Arrays.hashCode(values));
  }

  @Override
  public String toString() {
    return name + Arrays.toString(dims);
  }
}
