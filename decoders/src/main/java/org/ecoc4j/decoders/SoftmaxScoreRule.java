package org.ecoc4j.decoders;

/**
 * A member rule that scores every class, decides the first class of the largest score and turns
 * the scores into the posterior {@code softmax(s / T)}, whose value at the winner is the
 * confidence; never rejects. Subclasses only compute the scores.
 */
abstract class SoftmaxScoreRule implements MemberRule {

  /** The number of classes N. */
  protected final int classes;

  /** One score per class, filled by {@link #score}; overwritten by the softmax. */
  protected final double[] scores;

  private final double temperature;

  /**
   * @param classes the number of classes
   * @param temperature softmax temperature, greater than 0
   */
  SoftmaxScoreRule(int classes, double temperature) {
    this.classes = classes;
    this.temperature = temperature;
    this.scores = new double[classes];
  }

  /** Fills {@link #scores} from the member's outputs; returns the first class of the largest. */
  protected abstract int score(float[] outputs, int offset);

  @Override
  public final void decide(float[] outputs, int offset, MemberDecision into) {
    int best = score(outputs, offset);
    into.accept(best, (float) (1.0 / exponentiate(best)));
  }

  @Override
  public final boolean posterior(float[] outputs, int offset, float[] into, int at) {
    double total = exponentiate(score(outputs, offset));
    for (int c = 0; c < classes; c++) {
      into[at + c] = (float) (scores[c] / total);
    }
    return true;
  }

  /**
   * Replaces each score by {@code exp((s_c - s_best) / T)}, which cannot overflow, and returns
   * their sum (at least 1).
   */
  private double exponentiate(int best) {
    double max = scores[best];
    double total = 0;
    for (int c = 0; c < classes; c++) {
      double e = Math.exp((scores[c] - max) / temperature);
      scores[c] = e;
      total += e;
    }
    return total;
  }
}
