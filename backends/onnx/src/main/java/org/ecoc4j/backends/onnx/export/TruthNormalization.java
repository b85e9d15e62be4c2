package org.ecoc4j.backends.onnx.export;

import java.util.List;
import java.util.Locale;

/**
 * How the {@code zadeh} rule turns a member's raw outputs into truth values in [0, 1], in double
 * as the Java rule computes them: {@code sigmoid} {@code 1 / (1 + exp(-y))}, {@code linear}
 * {@code (y - min) / (max - min)} (1/2 where all are equal), {@code vector} {@code y / ||y||}
 * clipped to [0, 1] (0 for the zero vector).
 */
enum TruthNormalization {
  /** {@code 1 / (1 + exp(-y))}. */
  SIGMOID,
  /** {@code (y - min) / (max - min)}, 1/2 where all outputs are equal. */
  LINEAR,
  /** {@code y / ||y||_2} clipped to [0, 1], 0 for the zero vector. */
  VECTOR;

  /** The normalization of the option word, e.g. {@code sigmoid}. */
  static TruthNormalization ofWord(String word) {
    return valueOf(word.toUpperCase(Locale.ROOT));
  }

  /** Appends the normalization of double [B, K] {@code y}; returns double [B, K]. */
  String apply(DecodingNodes g, String y, int length) {
    return switch (this) {
      case SIGMOID -> g.div(g.scalar("one", 1.0),
          g.add(g.scalar("one", 1.0), g.op("Exp", List.of(g.op("Neg", List.of(y))))));
      case LINEAR -> {
        String min = g.rowMin(y);
        String range = g.sub(g.rowMax(y), min);
        yield g.where(g.greater(range, g.scalar("zero", 0.0)),
            g.div(g.sub(y, min), range), g.scalar("half", 0.5));
      }
      case VECTOR -> {
        String norm = g.op("Sqrt", List.of(g.rowSum(g.mul(y, y), length)));
        String clipped = g.op("Min", List.of(g.scalar("one", 1.0),
            g.op("Max", List.of(g.scalar("zero", 0.0), g.div(y, norm)))));
        yield g.where(g.greater(norm, g.scalar("zero", 0.0)), clipped, g.scalar("zero", 0.0));
      }
    };
  }
}
