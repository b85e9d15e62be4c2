package org.ecoc4j.backends.ort;

import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;

/**
 * The class a network's scores point to, as the trainer counts accuracy: for cross-entropy the
 * class with the largest sum over members of log-softmax; for codeword targets the class whose
 * codewords correlate best with {@code tanh} of the scores.
 */
final class ScoreClassifier {

  private final LossSpec loss;
  private final int members;
  private final int width;
  private final float[] targets;

  ScoreClassifier(LossSpec loss, ModelSpec model) {
    loss.checkFits(model);
    this.loss = loss;
    this.members = model.members();
    this.width = model.outputs();
    this.targets = loss.targets();
  }

  /** Class of sample {@code b} of a batch of scores, [B, members * width]. */
  int classify(float[] scores, int b) {
    int rowLength = members * width;
    int offset = b * rowLength;
    int classes = loss.classes();
    int best = 0;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < classes; c++) {
      double score = 0;
      if (loss.kind() == LossSpec.Kind.CROSS_ENTROPY) {
        for (int m = 0; m < members; m++) {
          score += logSoftmax(scores, offset + m * width, width, c);
        }
      } else {
        for (int j = 0; j < rowLength; j++) {
          score += Math.tanh(scores[offset + j]) * targets[c * rowLength + j];
        }
      }
      if (score > bestScore) {
        bestScore = score;
        best = c;
      }
    }
    return best;
  }

  private static double logSoftmax(float[] x, int offset, int n, int at) {
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      max = Math.max(max, x[offset + i]);
    }
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += Math.exp(x[offset + i] - max);
    }
    return x[offset + at] - max - Math.log(sum);
  }
}
