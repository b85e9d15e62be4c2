package org.ecoc4j.api.symbolic;

import java.util.Arrays;

/**
 * The small symbolic language in which plugins write differentiable math once (attack objectives,
 * losses and score surfaces); a backend implements it by building a graph and compiles the result,
 * so the same expression runs and is differentiated wherever the model runs.
 *
 * <p>Every {@link Term} is a matrix [rows, width]. Per-sample terms hold one row per sample of the
 * batch ({@link #outputs()}, {@link #labels()} and everything computed row by row from them).
 * Batch-level terms couple the samples: {@link #transpose}, {@link #matMul}, {@link #columnSum},
 * {@link #dots}, {@link #cosines} and {@link #mixRows} give matrices whose rows or columns run over
 * the batch (a batch x batch similarity matrix, a class-mean codebook), and {@link #matrix} and
 * {@link #identity} give constant matrices such as masks. A term whose columns run over the batch
 * needs the batch size to be known when the expression is built (training graphs have a fixed
 * batch); with a batch of any size ({@link Term#ANY_BATCH}) such operations are refused.
 *
 * <p>Element-wise operations take two terms of the same shape, or broadcast a term of one row
 * across the other's rows and a term of width 1 across the other's columns. Row operations work
 * along the columns of each row; masked row operations take a mask term of non-negative weights,
 * usually 0/1, broadcast like an element-wise operand, and leave out the entries of weight 0 (each
 * row needs at least one entry of positive weight). Implementations refuse terms of other builders
 * and shapes that do not fit with an {@link IllegalArgumentException} naming the operation.
 *
 * <p>A loss is per sample ([batch, 1]); a batch-level loss of one row ([1, 1], for example a sum
 * over a similarity matrix) is added to it by broadcasting, and the mean over the batch that a
 * backend trains on then counts it once.
 */
public interface Terms {

  /** The network's raw outputs, [batch, members * outputs per member], member-major. */
  Term outputs();

  /**
   * The outputs of the training stage's projection head, [batch, head outputs]: the head ({@link
   * org.ecoc4j.api.training.ProjectionHead}) applied to {@link #outputs()}, with a gradient through
   * the head into the network. Only a stage that declares a head has it: a contrastive loss reads
   * its InfoNCE term here and its code terms on {@link #outputs()}.
   *
   * @throws IllegalArgumentException where there is no projection head (every graph but the
   *     training graph of a stage with one: evaluation, attacks, deployment)
   */
  default Term projection() {
    throw new IllegalArgumentException("projection: there is no projection head here; only a"
        + " training stage that declares one (TrainingStage.withHead) has its outputs");
  }

  /**
   * The class scores, [batch, classes], the most linear surface the decision is read from: for a
   * network trained with cross-entropy, each member's logits summed over the members; for a
   * network trained on codewords, the correlation {@code sum_j outputs_j * codeword_c_j} of the
   * raw outputs (no {@code tanh}) with the concatenated member codewords of each class.
   */
  Term classScores();

  /**
   * The class codewords, [classes, members * outputs per member]: row {@code c} holds the +1/-1
   * codewords of class {@code c} concatenated over the members, as {@link #classScores()} reads
   * them, for objectives that aim at one codeword bit by bit (a constant: it has no gradient).
   *
   * @throws IllegalArgumentException for a network trained with cross-entropy, which has no
   *     codewords
   */
  Term codewords();

  /** The network's own per-sample training loss, [batch, 1]: the papers' attack objective. */
  Term trainingLoss();

  /** The labels as one-hot rows, [batch, classes]. */
  Term labels();

  /** A constant, [1, 1], broadcast where it is used. */
  Term constant(float value);

  /**
   * A constant matrix [rows, columns]: masks, selections of pairs, weights.
   *
   * @param values {@code rows} rows of {@code columns} floats, row-major (copied)
   * @throws IllegalArgumentException for non-positive sizes, another length or a non-finite value
   */
  Term matrix(float[] values, int rows, int columns);

  /** The identity matrix [n, n]; {@code 1 - identity(n)} masks out the diagonal. */
  default Term identity(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("identity: size " + n + " must be positive");
    }
    float[] eye = new float[Math.multiplyExact(n, n)];
    for (int i = 0; i < n; i++) {
      eye[i * n + i] = 1f;
    }
    return matrix(eye, n, n);
  }

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

  /** {@code sigmoid(a) = 1 / (1 + exp(-a))}, element-wise; its derivative is {@code s (1 - s)}. */
  Term sigmoid(Term a);

  /**
   * {@code max(a, 0)}, element-wise (a hinge); its derivative is 1 where {@code a > 0}, else 0.
   */
  Term relu(Term a);

  /**
   * {@code sqrt(a)}, element-wise (the caller keeps {@code a} positive; the derivative {@code
   * 1 / (2 sqrt(a))} is infinite at 0).
   */
  Term sqrt(Term a);

  /** Log-softmax of each row. */
  Term logSoftmax(Term a);

  /** Sum of each row, [rows, 1]. */
  Term rowSum(Term a);

  /** Mean of each row, [rows, 1]: {@code rowSum(a) / a.width()}. */
  default Term rowMean(Term a) {
    return div(rowSum(a), constant(a.width()));
  }

  /**
   * Masked mean of each row, [rows, 1]: {@code sum_j m_ij a_ij / sum_j m_ij}, with the mask
   * broadcast to {@code a}'s shape first (so a mask of width 1 counts {@code a.width()} entries).
   */
  default Term rowMean(Term a, Term mask) {
    float[] ones = new float[a.width()];
    Arrays.fill(ones, 1f);
    Term weights = mul(mask, matrix(ones, 1, a.width()));
    return div(rowSum(mul(a, weights)), rowSum(weights));
  }

  /**
   * Largest entry of each row, [rows, 1]; its gradient flows to the first largest entry only.
   */
  Term rowMax(Term a);

  /**
   * Largest entry of each row among the entries of positive mask weight, [rows, 1]: {@code
   * max_{j : m_ij > 0} a_ij}. Its gradient flows to the first such largest entry only. For example
   * {@code rowMax(similarities, sub(constant(1), identity(n)))} is each sample's largest similarity
   * to another sample (the maximum cosine similarity of Eq. 10 of the contrastive ECOC paper).
   */
  Term rowMax(Term a, Term mask);

  /**
   * Smallest entry of each row, [rows, 1]: {@code -rowMax(-a)}; its gradient flows to the first
   * smallest entry only (the Zadeh conjunction, the truth of a codeword as the minimum over bits).
   */
  default Term rowMin(Term a) {
    return neg(rowMax(neg(a)));
  }

  /**
   * Smallest entry of each row among the entries of positive mask weight, [rows, 1]: {@code
   * -rowMax(-a, mask)}.
   */
  default Term rowMin(Term a, Term mask) {
    return neg(rowMax(neg(a), mask));
  }

  /**
   * Log-sum-exp of each row, [rows, 1]: {@code log sum_j exp(a_ij)}, computed without overflow. Its
   * gradient is the row's softmax.
   */
  default Term rowLogSumExp(Term a) {
    return rowLogSumExp(a, constant(1f));
  }

  /**
   * Masked log-sum-exp of each row, [rows, 1]: {@code log sum_j m_ij exp(a_ij)}, computed as {@code
   * M + log sum_j m_ij exp(a_ij - M)} with {@code M} the row's largest entry of positive weight, so
   * that no term overflows; entries of weight 0 are left out entirely (even infinite ones). Its
   * gradient is {@code m_ij exp(a_ij) / sum_k m_ik exp(a_ik)}. InfoNCE's denominator (Eq. 2 of the
   * contrastive ECOC paper) is {@code rowLogSumExp(cosines / tau, 1 - identity)}.
   */
  Term rowLogSumExp(Term a, Term mask);

  /**
   * The {@code k}-th largest entry of each row, [rows, 1]: {@code k = 1} is the largest, equal
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
   * Columns {@code [from, to)} of each row, [rows, to - from]: for example one member's outputs.
   *
   * @throws IllegalArgumentException unless {@code 0 <= from < to <= a.width()}
   */
  Term columns(Term a, int from, int to);

  /**
   * The product of each row with a constant matrix, [rows, columns]: {@code a x matrix}, where
   * {@code matrix} holds {@code a.width()} rows of {@code columns} floats, row-major (copied).
   * Used for correlations with codewords and for picking codewords by label.
   *
   * @throws IllegalArgumentException when the matrix length is not {@code a.width() * columns}
   *     or holds a non-finite value
   */
  Term project(Term a, float[] matrix, int columns);

  /**
   * The transposed matrix, [a.width(), a.rows()]: the columns of a per-sample term become rows
   * whose entries run over the batch (for example the columns {@code c_fj} of Eq. 1 of the
   * contrastive ECOC paper).
   *
   * @throws IllegalArgumentException when {@code a} has one row per sample of a batch of any size
   */
  Term transpose(Term a);

  /**
   * The matrix product {@code a b}, [a.rows(), b.width()]: {@code sum_k a_ik b_kj}. Its gradients
   * are {@code dA = dY b^T} and {@code dB = a^T dY}.
   *
   * @throws IllegalArgumentException unless {@code a.width() == b.rows()}
   */
  Term matMul(Term a, Term b);

  /** Sum of each column over the rows (over the batch for a per-sample term), [1, width]. */
  Term columnSum(Term a);

  /**
   * The pairwise dot products of the rows of {@code a} and {@code b}, [a.rows(), b.rows()]: {@code
   * a b^T}. With {@code b = a} the batch x batch Gram matrix.
   *
   * @throws IllegalArgumentException when the widths differ or {@code b} has a batch of any size
   */
  default Term dots(Term a, Term b) {
    return matMul(a, transpose(b));
  }

  /** The squared norm added under the square root in {@link #normalizeRows}: 1e-12. */
  float NORM_EPSILON = 1e-12f;

  /**
   * Each row divided by its Euclidean norm: {@code a_i / sqrt(||a_i||^2 + NORM_EPSILON)} (the
   * epsilon keeps a zero row finite; for other rows it changes the norm by less than float
   * precision).
   */
  default Term normalizeRows(Term a) {
    return div(a, sqrt(add(rowSum(mul(a, a)), constant(NORM_EPSILON))));
  }

  /**
   * The pairwise cosine similarities of the rows of {@code a} and {@code b}, [a.rows(), b.rows()]:
   * {@code sim(a_i, b_j) = a_i . b_j / (||a_i|| ||b_j||)}, the dot products of the {@linkplain
   * #normalizeRows normalized} rows. With {@code b = a} the batch x batch similarity matrix of
   * InfoNCE (Eq. 2) and, on transposed terms, the column similarities of Eq. 1.
   */
  default Term cosines(Term a, Term b) {
    return dots(normalizeRows(a), normalizeRows(b));
  }

  /**
   * The diagonal of a square term, [n, 1]: {@code a_ii}.
   *
   * @throws IllegalArgumentException unless {@code a} is square with known rows
   */
  default Term diagonal(Term a) {
    if (a.rows() != a.width()) {
      throw new IllegalArgumentException(
          "diagonal: the term has " + a.rows() + " rows and " + a.width() + " columns");
    }
    return rowSum(mul(a, identity(a.width())));
  }

  /**
   * A constant matrix applied across the rows: {@code mixing x a}, [mixing.outputs(), a.width()],
   * row {@code i} being {@code sum_k mixing[i][k] a_k} (coded-smoothing's decoder applied to the
   * network's outputs, for example). Its gradient is the transposed matrix applied to the
   * gradient of the mixed rows.
   *
   * @throws IllegalArgumentException unless {@code a} has exactly {@code mixing.inputs()} rows
   */
  default Term mixRows(BatchMixing mixing, Term a) {
    mixing.checkBatch(a.rows());
    return matMul(mixing.drawnPerStep() ? stepMixing(mixing)
        : matrix(mixing.matrix(), mixing.outputs(), mixing.inputs()), a);
  }

  /**
   * The matrix of a mixing {@linkplain BatchMixing#drawnPerStep drawn per step}, [outputs,
   * inputs], as this training step draws it: the same matrix the network's input mixing reads.
   *
   * @throws UnsupportedOperationException where these terms have no training step (the default)
   */
  default Term stepMixing(BatchMixing mixing) {
    throw new UnsupportedOperationException(
        "these terms cannot read " + mixing + ": it is drawn per training step");
  }
}
