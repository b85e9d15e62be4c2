package org.ecoc4j.benchmarks;

import org.ecoc4j.api.codebook.Codebook;

/** The textbook reading of Eq. 6: per sample, tanh the outputs and scan all codewords. */
final class NaiveEuclidean {

  private NaiveEuclidean() {}

  static int[] decode(Codebook codebook, float[] outputs) {
    int k = codebook.length();
    int[] labels = new int[outputs.length / k];
    for (int b = 0; b < labels.length; b++) {
      double[] squashed = new double[k];
      for (int j = 0; j < k; j++) {
        squashed[j] = Math.tanh(outputs[b * k + j]);
      }
      double best = Double.POSITIVE_INFINITY;
      for (int c = 0; c < codebook.classes(); c++) {
        int[] row = codebook.row(c);
        double distance = 0;
        for (int j = 0; j < k; j++) {
          distance += Math.pow(row[j] - squashed[j], 2);
        }
        if (distance < best) {
          best = distance;
          labels[b] = c;
        }
      }
    }
    return labels;
  }
}
