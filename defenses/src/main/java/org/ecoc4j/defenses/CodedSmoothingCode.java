package org.ecoc4j.defenses;

import org.ecoc4j.api.symbolic.BatchMixing;

/**
 * Coded-smoothing's encoder and decoder for batches of {@code K} samples coded into {@code N}:
 * the batch is placed at the Chebyshev points {@code alpha_j = cos((2j + 1) pi / 2K)}, fitted, and
 * the fit evaluated at {@code beta_i = cos((2i + 1) pi / 2N)} gives the {@code N} coded samples
 * (encoder, {@code N x K}); the network's {@code N} outputs are fitted at the betas and evaluated
 * at the alphas (decoder, {@code K x N}). Both fits are linear in the data, so each is one matrix,
 * computed once per {@code (K, N, interpolant, smoothing)}. With {@code N = K} the betas are the
 * alphas, and with zero smoothing both matrices are the identity (the model is plain ERM).
 *
 * @param samples K, the batch size the code takes
 * @param coded N, the coded samples the network sees
 * @param encoder N rows of K weights
 * @param decoder K rows of N weights
 */
record CodedSmoothingCode(int samples, int coded, double[][] encoder, double[][] decoder) {

  /**
   * Designs the code.
   *
   * @param samples K, at least 1
   * @param coded N, at least K
   * @param interpolant the fit
   * @param encoderSmoothing the encoder spline's smoothing parameter ({@code >= 0}; 0 for Berrut)
   * @param decoderSmoothing the decoder spline's smoothing parameter ({@code >= 0}; 0 for Berrut)
   * @throws IllegalArgumentException for K &lt; 1, N &lt; K, or a smoothing parameter the
   *     interpolant cannot take, naming the problem
   */
  static CodedSmoothingCode design(
      int samples, int coded, Interpolant interpolant, double encoderSmoothing,
      double decoderSmoothing) {
    if (samples < 1) {
      throw new IllegalArgumentException(
          "coded-smoothing needs batches of at least 1 sample, got K = " + samples);
    }
    if (coded < samples) {
      throw new IllegalArgumentException(
          "coded-smoothing needs at least as many coded samples as batch samples: N = " + coded
              + " < K = " + samples);
    }
    double[] alphas = chebyshevPoints(samples);
    double[] betas = chebyshevPoints(coded);
    return new CodedSmoothingCode(
        samples, coded,
        interpolant.matrix(alphas, encoderSmoothing, betas),
        interpolant.matrix(betas, decoderSmoothing, alphas));
  }

  /** The Chebyshev points of the first kind on [-1, 1], {@code cos((2j + 1) pi / 2n)}. */
  static double[] chebyshevPoints(int n) {
    double[] points = new double[n];
    for (int j = 0; j < n; j++) {
      points[j] = Math.cos((2 * j + 1) * Math.PI / (2.0 * n));
    }
    return points;
  }

  /** The encoder as a mixing of K samples into N, for {@code ModelSpec.withInputMixing}. */
  BatchMixing encoderMixing() {
    return BatchMixing.of(flatten(encoder), coded, samples);
  }

  /** The decoder as a mixing of N outputs into K. */
  BatchMixing decoderMixing() {
    return BatchMixing.of(flatten(decoder), samples, coded);
  }

  private static float[] flatten(double[][] m) {
    int cols = m[0].length;
    float[] out = new float[m.length * cols];
    for (int r = 0; r < m.length; r++) {
      for (int c = 0; c < cols; c++) {
        out[r * cols + c] = (float) m[r][c];
      }
    }
    return out;
  }
}
