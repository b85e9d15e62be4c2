package org.ecoc4j.decoders;

import java.util.Locale;

/**
 * Maps one member's K raw outputs {@code y} of a sample to truth values {@code y~} in [0, 1]
 * (section 2.2 of the error-detecting output codes paper).
 */
enum Normalization {
  /** {@code y~_j = sigmoid(y_j)}. */
  SIGMOID {
    @Override
    void apply(float[] outputs, int offset, double[] into) {
      for (int j = 0; j < into.length; j++) {
        into[j] = 1.0 / (1.0 + Math.exp(-outputs[offset + j]));
      }
    }
  },
  /** {@code y~_j = (y_j - min y) / (max y - min y)}; 1/2 everywhere when all outputs are equal. */
  LINEAR {
    @Override
    void apply(float[] outputs, int offset, double[] into) {
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < into.length; j++) {
        min = Math.min(min, outputs[offset + j]);
        max = Math.max(max, outputs[offset + j]);
      }
      double range = max - min;
      for (int j = 0; j < into.length; j++) {
        into[j] = range > 0 ? (outputs[offset + j] - min) / range : 0.5;
      }
    }
  },
  /**
   * {@code y~_j = y_j / ||y||_2} clipped to [0, 1]: negative components become 0 (components
   * never exceed 1); the zero vector maps to all 0.
   */
  VECTOR {
    @Override
    void apply(float[] outputs, int offset, double[] into) {
      double squares = 0;
      for (int j = 0; j < into.length; j++) {
        double y = outputs[offset + j];
        squares += y * y;
      }
      double norm = Math.sqrt(squares);
      for (int j = 0; j < into.length; j++) {
        into[j] = norm > 0 ? Math.min(1.0, Math.max(0.0, outputs[offset + j] / norm)) : 0.0;
      }
    }
  };

  /** Normalizes {@code into.length} outputs starting at {@code outputs[offset]} into {@code into}. */
  abstract void apply(float[] outputs, int offset, double[] into);

  /** The option word, e.g. {@code sigmoid}. */
  String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The normalization named by an option word. */
  static Normalization ofWord(String word) {
    return valueOf(word.toUpperCase(Locale.ROOT));
  }
}
