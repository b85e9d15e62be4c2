package org.ecoc4j.defenses;

import org.ecoc4j.api.codebook.CodeTable;

/**
 * The learned codebook of contrastive ECOC (Eq. 3 of the paper): the code of class {@code k} is
 * the mean of the encoder outputs of the generation split's samples of class {@code k}. Sums
 * accumulate in double.
 */
final class ClassMeanCodes {

  private ClassMeanCodes() {}

  /**
   * The class means.
   *
   * @param outputs one row of {@code length} encoder outputs per sample, row after row
   * @param labels the samples' classes
   * @param classes number of classes N
   * @param length code length K
   * @return the N x K table of class means
   * @throws IllegalArgumentException for a code length below 1, fewer than 2 classes, sizes that
   *     do not match, a label out of range, a non-finite output, or a class with no sample in the
   *     generation split (naming it)
   */
  static CodeTable of(float[] outputs, int[] labels, int classes, int length) {
    if (length < 1) {
      throw new IllegalArgumentException("code length must be at least 1, got " + length);
    }
    if (classes < 2) {
      throw new IllegalArgumentException("a codebook needs at least 2 classes, got " + classes);
    }
    if (outputs.length != (long) labels.length * length) {
      throw new IllegalArgumentException("outputs hold " + outputs.length + " values, not "
          + labels.length + " samples x " + length);
    }
    double[][] sums = new double[classes][length];
    int[] counts = new int[classes];
    for (int s = 0; s < labels.length; s++) {
      int label = labels[s];
      if (label < 0 || label >= classes) {
        throw new IllegalArgumentException(
            "sample " + s + " has label " + label + ", outside 0.." + (classes - 1));
      }
      counts[label]++;
      for (int j = 0; j < length; j++) {
        float v = outputs[s * length + j];
        if (!Float.isFinite(v)) {
          throw new IllegalArgumentException("output " + j + " of sample " + s
              + " is not finite: " + v);
        }
        sums[label][j] += v;
      }
    }
    float[][] rows = new float[classes][length];
    for (int k = 0; k < classes; k++) {
      if (counts[k] == 0) {
        throw new IllegalArgumentException("the generation split has no sample of class " + k
            + ": its code (the class mean, Eq. 3) is undefined");
      }
      for (int j = 0; j < length; j++) {
        rows[k][j] = (float) (sums[k][j] / counts[k]);
      }
    }
    return CodeTable.of(rows);
  }
}
