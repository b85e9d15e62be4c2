package org.ecoc4j.defenses;

import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.random.Well19937c;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.symbolic.BatchMixing;

/**
 * Mixup's training step for batches of {@code B} images: the mixing {@code M = lambda I + (1 -
 * lambda) P} of the batch ({@code P} a random permutation of the positions, one {@code lambda ~
 * Beta(alpha, alpha)} for the batch, as in Zhang et al.'s reference code; drawn with commons-math3
 * from each step's seed: a mixing {@linkplain BatchMixing#drawnPerStep drawn per step}) and the
 * cross-entropy to the mixed one-hot labels {@code M Y}, which reads the same step's matrix.
 */
final class MixupTraining {

  private MixupTraining() {}

  /** The mixing of batches of {@code batch} images, drawn afresh at each training step. */
  static BatchMixing mixing(int batch, double alpha) {
    return BatchMixing.drawnPerStep(batch, batch, new Draw(batch, alpha));
  }

  /** Mixup's draw for batches of {@code batch} images at {@code alpha}: equal settings, equal. */
  private record Draw(int batch, double alpha) implements BatchMixing.Draw {
    @Override
    public float[] matrix(long seed) {
      return MixupTraining.matrix(batch, alpha, seed);
    }
  }

  /** One step's matrix {@code M} for a batch of {@code batch} images, drawn from {@code seed}. */
  static float[] matrix(int batch, double alpha, long seed) {
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
    double lambda = beta.sample();
    float[] m = new float[Math.multiplyExact(batch, batch)];
    for (int b = 0; b < batch; b++) {
      m[b * batch + b] += (float) lambda;
      m[b * batch + partner[b]] += (float) (1 - lambda);
    }
    return m;
  }

  /** Cross-entropy of the mixed images' logits to the labels mixed by {@code mixing}. */
  static LossSpec loss(BatchMixing mixing, int classes) {
    return LossSpec.crossEntropy(classes)
        .withTermLoss(
            "softmax cross-entropy to mixup labels",
            t -> t.neg(t.rowSum(t.mul(t.mixRows(mixing, t.labels()), t.logSoftmax(t.outputs())))));
  }
}
