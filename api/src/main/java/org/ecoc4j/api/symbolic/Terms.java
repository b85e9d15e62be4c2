package org.ecoc4j.api.symbolic;

/**
 * The small symbolic language in which plugins write differentiable per-sample math once (attack
 * objectives, later losses and score surfaces); a backend implements it by building a graph and
 * compiles the result, so the same expression runs and is differentiated wherever the model runs.
 *
 * <p>Every {@link Term} is a matrix [batch, width]. Element-wise operations take two terms of the
 * same width, or one of width 1 that is broadcast across the other's columns. Row operations work
 * along the columns of each sample. Implementations refuse terms of other builders and widths that
 * do not fit with an {@link IllegalArgumentException} naming the operation.
 */
public interface Terms {

  /** The network's raw outputs, [batch, members * outputs per member], member-major. */
  Term outputs();

  /**
   * The class scores, [batch, classes], the most linear surface the decision is read from: for a
   * network trained with cross-entropy, each member's logits summed over the members; for a
   * network trained on codewords, the correlation {@code sum_j outputs_j * codeword_c_j} of the
   * raw outputs (no {@code tanh}) with the concatenated member codewords of each class.
   */
  Term classScores();

  /** The network's own per-sample training loss, [batch, 1]: the papers' attack objective. */
  Term trainingLoss();

  /** The labels as one-hot rows, [batch, classes]. */
  Term labels();

  /** A constant, [1, 1], broadcast where it is used. */
  Term constant(float value);

  /** {@code a + b}. */
  Term add(Term a, Term b);

  /** {@code a - b}. */
  Term sub(Term a, Term b);

  /** {@code a * b}, element-wise. */
  Term mul(Term a, Term b);

  /**
   * {@code a / b}, element-wise (the caller keeps {@code b} away from zero, for example by adding a
   * small constant).
   */
  Term div(Term a, Term b);

  /** {@code -a}. */
  Term neg(Term a);

  /** {@code tanh(a)}, element-wise. */
  Term tanh(Term a);

  /** Log-softmax of each row. */
  Term logSoftmax(Term a);

  /** Sum of each row, [batch, 1]. */
  Term rowSum(Term a);

  /**
   * Largest entry of each row, [batch, 1]; its gradient flows to the first largest entry only.
   */
  Term rowMax(Term a);

  /**
   * The {@code k}-th largest entry of each row, [batch, 1]: {@code k = 1} is the largest, equal
   * entries are ranked by column (the first one ranks higher). Its gradient flows to the selected
   * entry only.
   *
   * @throws IllegalArgumentException unless {@code 1 <= k <= a.width()}
   */
  Term rowKthLargest(Term a, int k);

  /** {@code exp(a)}, element-wise. */
  Term exp(Term a);

  /** Natural logarithm of {@code a}, element-wise (the caller keeps {@code a} positive). */
  Term log(Term a);

  /**
   * Columns {@code [from, to)} of each row, [batch, to - from]: for example one member's outputs.
   *
   * @throws IllegalArgumentException unless {@code 0 <= from < to <= a.width()}
   */
  Term columns(Term a, int from, int to);

  /**
   * The product of each row with a constant matrix, [batch, columns]: {@code a x matrix}, where
   * {@code matrix} holds {@code a.width()} rows of {@code columns} floats, row-major (copied).
   * Used for correlations with codewords and for picking codewords by label.
   *
   * @throws IllegalArgumentException when the matrix length is not {@code a.width() * columns}
   *     or holds a non-finite value
   */
  Term project(Term a, float[] matrix, int columns);
}
