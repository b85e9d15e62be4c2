package org.ecoc4j.api.symbolic;

import java.util.Arrays;

/**
 * A constant matrix applied across the batch dimension: {@code y_i = sum_k matrix[i][k] x_k} for
 * {@code i < outputs}, {@code k < inputs}, where {@code x_k} is the k-th sample of a batch (an
 * image, or a row of a {@link Term}). Coded-smoothing's encoder is one ({@code N} coded samples
 * from {@code K} inputs, {@code outputs = N}, {@code inputs = K}) and so is its decoder ({@code K}
 * decoded outputs from the {@code N} outputs of the network).
 *
 * <p>A mixing fixes the batch size: it takes batches of exactly {@link #inputs()} samples and gives
 * {@link #outputs()}. Its gradient with respect to the samples is the transposed matrix applied to
 * the gradient of the mixed samples, {@code dx_k = sum_i matrix[i][k] dy_i}.
 */
public final class BatchMixing {

  private final float[] matrix;
  private final int outputs;
  private final int inputs;

  private BatchMixing(float[] matrix, int outputs, int inputs) {
    this.matrix = matrix;
    this.outputs = outputs;
    this.inputs = inputs;
  }

  /**
   * A mixing of {@code inputs} samples into {@code outputs}.
   *
   * @param matrix {@code outputs} rows of {@code inputs} floats, row-major (copied)
   * @throws IllegalArgumentException for non-positive sizes, a matrix of another length or a
   *     non-finite entry
   */
  public static BatchMixing of(float[] matrix, int outputs, int inputs) {
    if (outputs < 1 || inputs < 1) {
      throw new IllegalArgumentException(
          "a batch mixing needs at least one input and one output sample, got " + outputs
              + " x " + inputs);
    }
    if (matrix.length != (long) outputs * inputs) {
      throw new IllegalArgumentException(
          "a batch mixing of " + inputs + " into " + outputs + " samples needs " + outputs + " x "
              + inputs + " = " + (long) outputs * inputs + " floats, got " + matrix.length);
    }
    for (int i = 0; i < matrix.length; i++) {
      if (!Float.isFinite(matrix[i])) {
        throw new IllegalArgumentException(
            "batch mixing entry (" + i / inputs + ", " + i % inputs + ") is " + matrix[i]);
      }
    }
    return new BatchMixing(matrix.clone(), outputs, inputs);
  }

  /** Samples out ({@code N}): rows of the matrix. */
  public int outputs() {
    return outputs;
  }

  /** Samples in ({@code K}): columns of the matrix, the batch size it takes. */
  public int inputs() {
    return inputs;
  }

  /** The matrix, row-major (a copy). */
  public float[] matrix() {
    return matrix.clone();
  }

  /**
   * Refuses a batch of another size than {@link #inputs()}.
   *
   * @param batch the batch size fed
   * @throws IllegalArgumentException naming both sizes
   */
  public void checkBatch(long batch) {
    if (batch != inputs) {
      throw new IllegalArgumentException(
          "this batch mixing takes batches of exactly " + inputs + " samples (and gives "
              + outputs + "), got " + (batch < 0 ? "a batch of any size" : batch + " samples"));
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BatchMixing m
        && m.outputs == outputs
        && m.inputs == inputs
        && Arrays.equals(m.matrix, matrix);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * outputs + inputs) + Arrays.hashCode(matrix);
  }

  @Override
  public String toString() {
    return "BatchMixing(" + inputs + " -> " + outputs + ")";
  }
}
