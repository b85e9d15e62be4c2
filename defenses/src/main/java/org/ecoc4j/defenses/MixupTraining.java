package org.ecoc4j.defenses;

import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.random.Well19937c;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.symbolic.BatchMixing;

/**
 * Mixup's training step for batches of {@code B} images: the mixing {@code M = diag(lambda) +
 * diag(1 - lambda) P} of the batch ({@code P} a random permutation of the positions, {@code
 * lambda_b ~ Beta(alpha, alpha)}, drawn with commons-math3 from a seed) and the cross-entropy to
 * the mixed one-hot labels {@code M Y}.
 */
final class MixupTraining {

  private MixupTraining() {}

  /** The mixing of a batch of {@code batch} images, drawn from {@code seed}. */
  static BatchMixing mixing(int batch, double alpha, long seed) {
    Well19937c random = new Well19937c(seed);
    BetaDistribution beta =
        new BetaDistribution(random, alpha, alpha, BetaDistribution.DEFAULT_INVERSE_ABSOLUTE_ACCURACY);
    int[] partner = new int[batch];
    for (int b = 0; b < batch; b++) {
      partner[b] = b;
    }
    for (int b = batch - 1; b > 0; b--) {
      int j = random.nextInt(b + 1);
      int t = partner[b];
      partner[b] = partner[j];
      partner[j] = t;
    }
    float[] m = new float[Math.multiplyExact(batch, batch)];
    for (int b = 0; b < batch; b++) {
      double lambda = beta.sample();
      m[b * batch + b] += (float) lambda;
      m[b * batch + partner[b]] += (float) (1 - lambda);
    }
    return BatchMixing.of(m, batch, batch);
  }

  /** Cross-entropy of the mixed images' logits to the labels mixed by {@code mixing}. */
  static LossSpec loss(BatchMixing mixing, int classes) {
    return LossSpec.crossEntropy(classes)
        .withTermLoss(
            "softmax cross-entropy to mixup labels",
            t -> t.neg(t.rowSum(t.mul(t.mixRows(mixing, t.labels()), t.logSoftmax(t.outputs())))));
  }
}
