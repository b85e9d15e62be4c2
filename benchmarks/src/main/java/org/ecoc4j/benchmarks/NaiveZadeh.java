package org.ecoc4j.benchmarks;

import java.util.HashMap;
import java.util.Map;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.codebook.LinearBlockCode;

/**
 * Straightforward Zadeh full-codespace decoding with sigmoid normalization, one sample at a time.
 * Returns the class or -1 for a rejection.
 */
final class NaiveZadeh {

  private final Codebook codebook;
  private final LinearBlockCode code;
  private final Map<String, Integer> owners = new HashMap<>();

  NaiveZadeh(Codebook codebook) {
    this.codebook = codebook;
    this.code = codebook.linearCode().orElse(null);
    for (int c = 0; c < codebook.classes(); c++) {
      owners.put(java.util.Arrays.toString(codebook.digits(c)), c);
    }
  }

  /** Scores every one of the 2^K words by its truth value (the paper's 1024-word protocol). */
  int[] decodeByEnumeration(float[] outputs) {
    int k = codebook.length();
    int[] labels = new int[outputs.length / k];
    for (int b = 0; b < labels.length; b++) {
      double[] normalized = normalize(outputs, b, k);
      int[] best = null;
      double bestTruth = -1;
      for (int word = 0; word < 1 << k; word++) {
        int[] digits = new int[k];
        double truth = 1;
        for (int j = 0; j < k; j++) {
          digits[j] = word >> (k - 1 - j) & 1;
          truth = Math.min(truth, digits[j] == 1 ? normalized[j] : 1 - normalized[j]);
        }
        if (truth > bestTruth) {
          bestTruth = truth;
          best = digits;
        }
      }
      labels[b] = owner(best);
    }
    return labels;
  }

  /** Rounds into fresh arrays and looks the word up by its text. */
  int[] decodeByLookup(float[] outputs) {
    int k = codebook.length();
    int[] labels = new int[outputs.length / k];
    for (int b = 0; b < labels.length; b++) {
      double[] normalized = normalize(outputs, b, k);
      int[] digits = new int[k];
      for (int j = 0; j < k; j++) {
        digits[j] = normalized[j] >= 0.5 ? 1 : 0;
      }
      labels[b] = owner(digits);
    }
    return labels;
  }

  private int owner(int[] digits) {
    if (code != null && !code.isCodeword(digits)) {
      return -1;
    }
    return owners.getOrDefault(java.util.Arrays.toString(digits), -1);
  }

  private static double[] normalize(float[] outputs, int b, int k) {
    double[] normalized = new double[k];
    for (int j = 0; j < k; j++) {
      normalized[j] = 1 / (1 + Math.exp(-outputs[b * k + j]));
    }
    return normalized;
  }
}
