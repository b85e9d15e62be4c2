package org.ecoc4j.api.symbolic;

import java.util.Arrays;
import java.util.Objects;

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
 *
 * <p>A mixing {@linkplain #drawnPerStep drawn per step} (mixup's, whose weights and partners are
 * drawn afresh at every training step) has no matrix of its own: a backend feeds the graph, at
 * each step, the matrix {@link #draw(long)} gives for a seed derived from the run's seed, the epoch
 * and the batch ({@link org.ecoc4j.api.random.Seeds#forBatchMixing}), so a resumed run draws the
 * uninterrupted run's matrices. Every use of the same mixing in one training step (the images
 * mixed before the network, the labels mixed in the loss) reads the same drawn matrix; the
 * gradient is the same, the drawn matrix being a constant of the step.
 */
public final class BatchMixing {

  /**
   * Draws one training step's matrix of a mixing drawn per step. Two mixings drawn per step are
   * equal when their draws are ({@code equals}): a record of the drawing's settings makes equal
   * settings equal mixings, a lambda is equal only to itself.
   */
  @FunctionalInterface
  public interface Draw {

    /**
     * The matrix of the step whose seed is {@code seed}: {@code outputs} rows of {@code inputs}
     * floats, row-major; the same seed must give the same matrix.
     */
    float[] matrix(long seed);
  }

  private final float[] matrix;
  private final int outputs;
  private final int inputs;
  private final Draw draw;

  private BatchMixing(float[] matrix, int outputs, int inputs, Draw draw) {
    this.matrix = matrix;
    this.outputs = outputs;
    this.inputs = inputs;
    this.draw = draw;
  }

  /**
   * A mixing of {@code inputs} samples into {@code outputs}.
   *
   * @param matrix {@code outputs} rows of {@code inputs} floats, row-major (copied)
   * @throws IllegalArgumentException for non-positive sizes, a matrix of another length or a
   *     non-finite entry
   */
  public static BatchMixing of(float[] matrix, int outputs, int inputs) {
    requireSizes(outputs, inputs);
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
    return new BatchMixing(matrix.clone(), outputs, inputs, null);
  }

  /**
   * A mixing of {@code inputs} samples into {@code outputs} whose matrix {@code draw} draws afresh
   * for every training step.
   *
   * @throws IllegalArgumentException for non-positive sizes
   */
  public static BatchMixing drawnPerStep(int outputs, int inputs, Draw draw) {
    requireSizes(outputs, inputs);
    return new BatchMixing(null, outputs, inputs, Objects.requireNonNull(draw, "draw"));
  }

  private static void requireSizes(int outputs, int inputs) {
    if (outputs < 1 || inputs < 1) {
      throw new IllegalArgumentException(
          "a batch mixing needs at least one input and one output sample, got " + outputs
              + " x " + inputs);
    }
  }

  /** Whether the matrix is drawn afresh at every training step ({@link #draw(long)}). */
  public boolean drawnPerStep() {
    return draw != null;
  }

  /**
   * The constant mixing of one step: for a mixing {@linkplain #drawnPerStep drawn per step} the
   * matrix drawn from {@code seed}; a constant mixing is itself.
   *
   * @throws IllegalArgumentException when the drawn matrix has another length or a non-finite
   *     entry
   */
  public BatchMixing draw(long seed) {
    return draw == null ? this : of(draw.matrix(seed), outputs, inputs);
  }

  /** Samples out ({@code N}): rows of the matrix. */
  public int outputs() {
    return outputs;
  }

  /** Samples in ({@code K}): columns of the matrix, the batch size it takes. */
  public int inputs() {
    return inputs;
  }

  /**
   * The matrix, row-major (a copy).
   *
   * @throws IllegalStateException for a mixing drawn per step, which has one matrix per step
   *     ({@link #draw(long)})
   */
  public float[] matrix() {
    if (draw != null) {
      throw new IllegalStateException(
          "this batch mixing of " + inputs + " into " + outputs + " samples is drawn per step:"
              + " draw(seed) gives one step's matrix");
    }
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
        && Objects.equals(m.draw, draw)
        && Arrays.equals(m.matrix, matrix);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * outputs + inputs) + Arrays.hashCode(matrix) + Objects.hashCode(draw);
  }

  @Override
  public String toString() {
    return "BatchMixing(" + inputs + " -> " + outputs + (draw == null ? ")" : ", drawn per step)");
  }
}
