package org.ecoc4j.api.decoding;

/**
 * A decoder bound to the codebooks of a classifier's members, ready for batches.
 *
 * <p>Expects outputs laid out as the package documentation describes: {@link #outputWidth()}
 * floats per sample. Implementations validate lengths and refuse NaN outputs with an
 * {@link IllegalArgumentException} naming the sample; they allocate nothing per sample. Instances
 * are not thread-safe; prepare one per thread.
 */
public interface PreparedDecoder {

  /** Number of classes N. */
  int classes();

  /** Number of ensemble members M. */
  int members();

  /** Code length K of each member. */
  int codeLength();

  /** Floats per sample: {@code members() * codeLength()}. */
  default int outputWidth() {
    return members() * codeLength();
  }

  /**
   * Decodes {@code batch} samples starting at {@code offset} into {@code into}, whose size becomes
   * {@code batch}.
   *
   * @throws IllegalArgumentException if the array is too short, the batch does not fit
   *     {@code into}, or an output is NaN
   */
  void decode(float[] outputs, int offset, int batch, Decisions into);

  /**
   * Decodes a whole array: its length must be a multiple of {@link #outputWidth()}.
   *
   * @throws IllegalArgumentException for a length that is not a multiple of the width
   */
  default void decode(float[] outputs, Decisions into) {
    decode(outputs, 0, batchOf(outputs), into);
  }

  /**
   * Writes the combined class posteriors of {@code batch} samples, B x N row-major, into
   * {@code into} starting at index 0. Each row sums to 1, or is all zero where every member
   * rejected the sample.
   *
   * @throws IllegalArgumentException for short arrays or NaN outputs
   */
  void posteriors(float[] outputs, int offset, int batch, float[] into);

  /** Number of whole samples in {@code outputs}; refuses lengths that are not a multiple. */
  default int batchOf(float[] outputs) {
    int width = outputWidth();
    if (outputs.length % width != 0) {
      throw new IllegalArgumentException(
          "outputs hold " + outputs.length + " floats, not a multiple of " + width + " ("
              + members() + " members x " + codeLength() + " bits)");
    }
    return outputs.length / width;
  }
}
