package org.ecoc4j.evaluation;

/**
 * How the evaluator decides on a randomized or batch-coupled network (for example coded-smoothing's
 * randomized coded inference, whose scores depend on the batch and on a permutation drawn at each
 * call). With {@code coupledBatch = K > 1} the evaluator forms its own test batches of exactly K
 * samples (the samples used are rounded down to a multiple of K), feeds the network only whole
 * batches (clean, and every attack's adversarial batch, all K samples perturbed together: a run
 * that skips broken samples attacks the whole batch, and a sample broken before it stays broken
 * in its column and in every draw of its mean, so the column is the robust accuracy after it) and
 * gives the attacks oracles of K samples. Every decision, clean and adversarial, is drawn {@code
 * draws} times: a sample counts as right only if every draw decides it right (the worst case over
 * draws, the evaluation's main figures), and the mean over draws is reported beside it ({@link
 * MeanOverDraws}).
 *
 * @param coupledBatch the samples the network decides together, 1 when it decides each alone
 * @param draws how many times each decision is drawn
 */
public record Rescoring(int coupledBatch, int draws) {

  /** A deterministic network deciding each sample alone: every decision drawn once. */
  public static final Rescoring NONE = new Rescoring(1, 1);

  /** Validates both counts. */
  public Rescoring {
    if (coupledBatch < 1 || draws < 1) {
      throw new IllegalArgumentException(
          "rescoring needs a coupled batch and draws of at least 1, got coupled batch "
              + coupledBatch + " and " + draws + " draws");
    }
  }

  /** Whether the network decides samples together in batches of {@link #coupledBatch}. */
  public boolean coupled() {
    return coupledBatch > 1;
  }

  /** Whether decisions are drawn more than once or in coupled batches. */
  boolean active() {
    return coupled() || draws > 1;
  }
}
