package org.ecoc4j.backends.onnx.zoo;

import java.util.Arrays;
import java.util.Objects;

/**
 * A parameter of a model: its name, dimensions, how it starts and whether the optimizer trains it.
 * Frozen parameters (batch-normalization running statistics) are updated by the forward pass in
 * training mode instead.
 *
 * @param name unique name, e.g. {@code m0.conv1.weight}
 * @param dims dimensions, all known
 * @param fill how the values start
 * @param fanIn for {@link Fill#HE_UNIFORM}: inputs feeding each output unit; 0 otherwise
 * @param trainable whether the optimizer updates it
 */
public record ParameterSpec(String name, long[] dims, Fill fill, int fanIn, boolean trainable) {

  /** How a parameter's values start. */
  public enum Fill {
    /** All zero. */
    ZEROS,
    /** All one. */
    ONES,
    /** Uniform in {@code +-sqrt(6 / fanIn)}. */
    HE_UNIFORM
  }

  /** Copies the dimensions and checks them. */
  public ParameterSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(fill, "fill");
    dims = dims.clone();
    for (long d : dims) {
      if (d < 1) {
        throw new IllegalArgumentException("parameter " + name + " has dims " + Arrays.toString(dims));
      }
    }
    if ((fill == Fill.HE_UNIFORM) != (fanIn > 0)) {
      throw new IllegalArgumentException(
          "parameter " + name + ": a positive fanIn goes with HE_UNIFORM only, got " + fanIn);
    }
  }

  /** A trainable He-uniform weight. */
  public static ParameterSpec weight(String name, int fanIn, long... dims) {
    return new ParameterSpec(name, dims, Fill.HE_UNIFORM, fanIn, true);
  }

  /** A trainable parameter that starts at zero (a bias, a batch-normalization shift). */
  public static ParameterSpec zeros(String name, long... dims) {
    return new ParameterSpec(name, dims, Fill.ZEROS, 0, true);
  }

  /** A trainable parameter that starts at one (a batch-normalization scale). */
  public static ParameterSpec ones(String name, long... dims) {
    return new ParameterSpec(name, dims, Fill.ONES, 0, true);
  }

  /** A frozen statistic that starts at zero or one (a running mean or variance). */
  public static ParameterSpec statistic(String name, Fill fill, long... dims) {
    return new ParameterSpec(name, dims, fill, 0, false);
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
        && fill == other.fill
        && fanIn == other.fanIn
        && trainable == other.trainable;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, Arrays.hashCode(dims), fill, fanIn, trainable);
  }

  @Override
  public String toString() {
    return name + Arrays.toString(dims);
  }
}
