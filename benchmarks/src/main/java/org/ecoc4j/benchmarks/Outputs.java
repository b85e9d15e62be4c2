package org.ecoc4j.benchmarks;

import java.util.SplittableRandom;
import org.ecoc4j.api.codebook.Codebook;

/** Network-like outputs for benchmarks: scaled codewords of random classes plus Gaussian noise. */
final class Outputs {

  private Outputs() {}

  /**
   * A batch of {@code batch} outputs of width K: {@code 2 * b + N(0, 1)} for the codeword b of a
   * random class, so that decoders see realistic, mostly but not always clean, outputs.
   */
  static float[] noisyCodewords(Codebook codebook, int batch, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int k = codebook.length();
    float[] out = new float[batch * k];
    for (int b = 0; b < batch; b++) {
      int c = random.nextInt(codebook.classes());
      for (int j = 0; j < k; j++) {
        out[b * k + j] = (float) (2.0 * codebook.bit(c, j) + gaussian(random));
      }
    }
    return out;
  }

  private static double gaussian(SplittableRandom random) {
    double u = 1.0 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * v);
  }
}
