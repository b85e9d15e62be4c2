package org.ecoc4j.backends.ort;

import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;

/**
 * The class a network's scores point to, as the trainer counts accuracy: for cross-entropy the
 * class with the largest sum over members of log-softmax; for codeword targets the class whose
 * codewords correlate best with {@code tanh} of the scores; for a code table the class whose code
 * has the largest cosine similarity with the scores. Codes learned during training are read
 * against class means of training outputs: a step's own (labels known), and for {@link
 * #classify} the means of every step since the previous classification.
 */
final class ScoreClassifier {

  private final LossSpec loss;
  private final int members;
  private final int width;
  private final float[] targets;
  private final double[] sums;
  private final int[] counts;
  private boolean classified;

  ScoreClassifier(LossSpec loss, ModelSpec model) {
    loss.checkFits(model);
    this.loss = loss;
    this.members = model.members();
    this.width = model.outputs();
    this.targets = loss.targets();
    boolean learned = loss.kind() == LossSpec.Kind.CODE_TABLE && targets.length == 0;
    this.sums = learned ? new double[loss.classes() * width] : null;
    this.counts = learned ? new int[loss.classes()] : null;
  }

  /**
   * The classes of the {@code size} samples of a training step; for learned codes read against
   * the step's class means, which also join the means {@link #classify} reads.
   */
  int[] classifyStep(float[] scores, long[] labels, int size) {
    int[] predictions = new int[size];
    if (sums == null) {
      for (int i = 0; i < size; i++) {
        predictions[i] = classify(scores, i);
      }
      return predictions;
    }
    if (classified) {
      java.util.Arrays.fill(sums, 0);
      java.util.Arrays.fill(counts, 0);
      classified = false;
    }
    int classes = loss.classes();
    double[] step = new double[classes * width];
    int[] stepCounts = new int[classes];
    for (int i = 0; i < size; i++) {
      int y = (int) labels[i];
      stepCounts[y]++;
      for (int j = 0; j < width; j++) {
        step[y * width + j] += scores[i * width + j];
      }
    }
    for (int c = 0; c < classes; c++) {
      counts[c] += stepCounts[c];
      for (int j = 0; j < width; j++) {
        sums[c * width + j] += step[c * width + j];
        step[c * width + j] /= Math.max(stepCounts[c], 1);
      }
    }
    for (int i = 0; i < size; i++) {
      predictions[i] = nearestByCosine(scores, i * width, step, stepCounts);
    }
    return predictions;
  }

  /** Class of sample {@code b} of a batch of scores, [B, members * width]. */
  int classify(float[] scores, int b) {
    int rowLength = members * width;
    int offset = b * rowLength;
    int classes = loss.classes();
    if (loss.kind() == LossSpec.Kind.CODE_TABLE) {
      if (sums == null) {
        double[] table = new double[targets.length];
        for (int i = 0; i < table.length; i++) {
          table[i] = targets[i];
        }
        return nearestByCosine(scores, offset, table, null);
      }
      classified = true;
      double[] means = new double[sums.length];
      for (int c = 0; c < classes; c++) {
        for (int j = 0; j < width; j++) {
          means[c * width + j] = sums[c * width + j] / Math.max(counts[c], 1);
        }
      }
      return nearestByCosine(scores, offset, means, counts);
    }
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

  /** The class whose code (among those with samples, if counted) is nearest by cosine. */
  private int nearestByCosine(float[] scores, int offset, double[] codes, int[] present) {
    double norm = 0;
    for (int j = 0; j < width; j++) {
      norm += (double) scores[offset + j] * scores[offset + j];
    }
    int best = 0;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < loss.classes(); c++) {
      if (present != null && present[c] == 0) {
        continue;
      }
      double dot = 0;
      double codeNorm = 0;
      for (int j = 0; j < width; j++) {
        dot += scores[offset + j] * codes[c * width + j];
        codeNorm += codes[c * width + j] * codes[c * width + j];
      }
      double score = dot / Math.sqrt(norm * codeNorm + 1e-24);
      if (score > bestScore) {
        bestScore = score;
        best = c;
      }
    }
    return best;
  }
}
