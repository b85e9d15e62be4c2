package org.ecoc4j.defenses;

import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.defense.PreparedDefense;
import org.ecoc4j.api.symbolic.BatchMixing;
import org.ecoc4j.api.symbolic.BlockMixing;
import org.ecoc4j.api.symbolic.TermLoss;

/**
 * Coded-smoothing's training step for batches of {@code B = G K} images: the batch mixing that
 * sends the plain batch and the {@code G N} coded samples of its {@code G} groups of {@code K}
 * through the network together, and the loss on the outputs of that mixed batch. Group {@code g}
 * holds images {@code gK .. gK + K - 1} in batch order; its coded samples are its images times
 * the encoder, and its decoded outputs the decoder times the outputs of its coded samples.
 *
 * <p>The per-sample loss is {@code L(f(x_b), y_b) + mu L(d_b, y_b)}: the task loss of the plain
 * sample plus {@code mu} times the reconstruction penalty, the same loss of the decoded outputs
 * {@code d_b} against the true label; {@code L} is the base defense's loss (one-hot's
 * cross-entropy by default, a codeword defense's loss on its members' outputs otherwise).
 *
 * <p>Coded around one block instead ({@link #blockMixing}), the layers before the block run on
 * the plain batch, the block on the plain batch and the coded samples of its activations, the
 * layers after it on the plain batch's block outputs and the decoded ones: the network gives
 * {@code 2B} rows, and the loss is the same sum on those two halves ({@link #blockLoss}).
 */
final class CodedTraining {

  private CodedTraining() {}

  /**
   * The mixing of a batch of {@code batch} images into {@code batch + G N}: the identity on the
   * plain batch, then each group's encoder.
   *
   * @throws IllegalArgumentException when {@code batch} is not a multiple of K
   */
  static BatchMixing inputMixing(CodedSmoothingCode code, int batch) {
    int groups = groups(code, batch);
    int k = code.samples();
    int n = code.coded();
    int rows = batch + groups * n;
    float[] m = new float[Math.multiplyExact(rows, batch)];
    for (int b = 0; b < batch; b++) {
      m[b * batch + b] = 1f;
    }
    double[][] e = code.encoder();
    for (int g = 0; g < groups; g++) {
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < k; j++) {
          m[(batch + g * n + i) * batch + g * k + j] = (float) e[i][j];
        }
      }
    }
    return BatchMixing.of(m, rows, batch);
  }

  /**
   * The training loss for batches of {@code batch} images mixed by {@link #inputMixing}: the base
   * loss {@code L} (written with terms) on the plain batch's outputs plus {@code mu} times {@code
   * L} on the decoded outputs, both against the batch's labels; its kind, targets and classes are
   * the base's.
   *
   * @param base the wrapped defense ({@code one-hot}'s cross-entropy by default)
   * @param mu the weight of the reconstruction penalty
   * @throws IllegalArgumentException when the base's loss is not written with terms
   */
  static LossSpec loss(CodedSmoothingCode code, int batch, PreparedDefense base, double mu) {
    return loss(base, mu, plainRows(code, batch), decodedRows(code, batch));
  }

  /**
   * The mixings around a block for batches of {@code batch} images: {@link #inputMixing} on the
   * activations entering the block ({@code batch + G N} rows), and after it the identity on the
   * plain batch's rows followed by each group's decoder on its coded rows: {@code 2 batch} rows,
   * the plain batch's then the decoded ones, which the rest of the network takes per sample.
   *
   * @throws IllegalArgumentException when {@code batch} is not a multiple of K
   */
  static BlockMixing blockMixing(String block, CodedSmoothingCode code, int batch) {
    int groups = groups(code, batch);
    int k = code.samples();
    int n = code.coded();
    int columns = batch + groups * n;
    int rows = 2 * batch;
    float[] m = new float[Math.multiplyExact(rows, columns)];
    for (int b = 0; b < batch; b++) {
      m[b * columns + b] = 1f;
    }
    double[][] d = code.decoder();
    for (int g = 0; g < groups; g++) {
      for (int j = 0; j < k; j++) {
        for (int i = 0; i < n; i++) {
          m[(batch + g * k + j) * columns + batch + g * n + i] = (float) d[j][i];
        }
      }
    }
    return new BlockMixing(
        block, inputMixing(code, batch), BatchMixing.of(m, rows, columns));
  }

  /**
   * The training loss for batches of {@code batch} images coded around a block by {@link
   * #blockMixing}: the base loss {@code L} on the first {@code batch} output rows (the plain
   * batch's) plus {@code mu} times {@code L} on the next {@code batch} (the outputs of the
   * decoded activations), both against the batch's labels.
   *
   * @throws IllegalArgumentException when the base's loss is not written with terms
   */
  static LossSpec blockLoss(int batch, PreparedDefense base, double mu) {
    int rows = 2 * batch;
    float[] later = new float[Math.multiplyExact(batch, rows)];
    for (int b = 0; b < batch; b++) {
      later[b * rows + batch + b] = 1f;
    }
    return loss(
        base, mu, DecodedTerms.firstRows(batch, rows), BatchMixing.of(later, batch, rows));
  }

  /** {@code L(plain rows) + mu L(decoded rows)}, {@code L} the base's loss. */
  private static LossSpec loss(
      PreparedDefense base, double mu, BatchMixing plain, BatchMixing decoded) {
    TermLoss task = CodedSmoothingDesign.baseLoss(base);
    float weight = (float) mu;
    return base.loss().withTermLoss(
        base.name() + "'s loss plus " + mu + " x its loss of the decoded outputs",
        t -> t.add(
            task.perSample(new DecodedTerms(t, plain, task)),
            t.mul(t.constant(weight), task.perSample(new DecodedTerms(t, decoded, task)))));
  }

  /** Selects the plain batch's outputs from the mixed batch's. */
  private static BatchMixing plainRows(CodedSmoothingCode code, int batch) {
    int columns = batch + groups(code, batch) * code.coded();
    float[] m = new float[Math.multiplyExact(batch, columns)];
    for (int b = 0; b < batch; b++) {
      m[b * columns + b] = 1f;
    }
    return BatchMixing.of(m, batch, columns);
  }

  /** Decodes each group's coded outputs into its K decoded outputs. */
  private static BatchMixing decodedRows(CodedSmoothingCode code, int batch) {
    int groups = groups(code, batch);
    int k = code.samples();
    int n = code.coded();
    int columns = batch + groups * n;
    float[] m = new float[Math.multiplyExact(batch, columns)];
    double[][] d = code.decoder();
    for (int g = 0; g < groups; g++) {
      for (int j = 0; j < k; j++) {
        for (int i = 0; i < n; i++) {
          m[(g * k + j) * columns + batch + g * n + i] = (float) d[j][i];
        }
      }
    }
    return BatchMixing.of(m, batch, columns);
  }

  private static int groups(CodedSmoothingCode code, int batch) {
    if (batch % code.samples() != 0) {
      throw new IllegalArgumentException(
          "coded-smoothing codes groups of " + code.samples() + " images: the batch size "
              + batch + " is not a multiple of " + code.samples()
              + " (choose a batch size that is, or another option 'group')");
    }
    return batch / code.samples();
  }
}
