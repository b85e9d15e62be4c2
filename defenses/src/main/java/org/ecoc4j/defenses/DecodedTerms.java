package org.ecoc4j.defenses;

import org.ecoc4j.api.symbolic.BatchMixing;
import org.ecoc4j.api.symbolic.Term;
import org.ecoc4j.api.symbolic.TermLoss;
import org.ecoc4j.api.symbolic.Terms;

/**
 * Terms of chosen rows of a mixed batch, as the model that gives those rows sees them: outputs and
 * class scores are {@code R} times the compiler's (the class scores are linear in the outputs), the
 * training loss is a given loss of these outputs; every other operation is the compiler's own.
 *
 * <p>Two uses. Randomized coded inference: the compiler runs the plain network on one group's
 * {@code N} coded images (with the group's {@code K} labels in its first {@code K} label rows), and
 * the view gives the {@code K} decoded outputs {@code D f(E x)} ({@code R = D}) with those labels.
 * Coded training: the compiler runs the network on a batch of B images and its coded groups, and
 * the view gives B rows, either the plain batch's outputs or its decoded ones, against the
 * compiler's B labels.
 */
final class DecodedTerms implements Terms {

  private final Terms base;
  private final BatchMixing rows;
  private final BatchMixing labelRows;
  private final TermLoss trainingLoss;

  /**
   * The decoded view of {@code base}, whose batch must be the {@code N} coded images of one group.
   *
   * @param trainingLoss the plain network's training loss, written with terms
   */
  DecodedTerms(Terms base, CodedSmoothingCode code, TermLoss trainingLoss) {
    this(base, code.decoderMixing(), firstRows(code.samples(), code.coded()), trainingLoss);
  }

  /**
   * The view of the rows {@code rows} gives from {@code base}'s outputs, against {@code base}'s
   * labels as they are.
   *
   * @param trainingLoss the loss of these rows, written with terms
   */
  DecodedTerms(Terms base, BatchMixing rows, TermLoss trainingLoss) {
    this(base, rows, null, trainingLoss);
  }

  private DecodedTerms(
      Terms base, BatchMixing rows, BatchMixing labelRows, TermLoss trainingLoss) {
    this.base = base;
    this.rows = rows;
    this.labelRows = labelRows;
    this.trainingLoss = trainingLoss;
  }

  /** Selects the first {@code k} of {@code n} rows. */
  static BatchMixing firstRows(int k, int n) {
    float[] m = new float[k * n];
    for (int j = 0; j < k; j++) {
      m[j * n + j] = 1f;
    }
    return BatchMixing.of(m, k, n);
  }

  /** Puts {@code k} rows first among {@code n}, the others zero: the transposed selection. */
  static BatchMixing padRows(int k, int n) {
    float[] m = new float[n * k];
    for (int j = 0; j < k; j++) {
      m[j * k + j] = 1f;
    }
    return BatchMixing.of(m, n, k);
  }

  @Override
  public Term outputs() {
    return base.mixRows(rows, base.outputs());
  }

  @Override
  public Term classScores() {
    return base.mixRows(rows, base.classScores());
  }

  @Override
  public Term trainingLoss() {
    return trainingLoss.perSample(this);
  }

  /** The base's codewords: a constant per class, the same for decoded rows. */
  @Override
  public Term codewords() {
    return base.codewords();
  }

  @Override
  public Term labels() {
    return labelRows == null ? base.labels() : base.mixRows(labelRows, base.labels());
  }

  @Override
  public Term stepMixing(BatchMixing mixing) {
    return base.stepMixing(mixing);
  }

  @Override
  public Term constant(float value) {
    return base.constant(value);
  }

  @Override
  public Term matrix(float[] values, int rows, int columns) {
    return base.matrix(values, rows, columns);
  }

  @Override
  public Term add(Term a, Term b) {
    return base.add(a, b);
  }

  @Override
  public Term sub(Term a, Term b) {
    return base.sub(a, b);
  }

  @Override
  public Term mul(Term a, Term b) {
    return base.mul(a, b);
  }

  @Override
  public Term div(Term a, Term b) {
    return base.div(a, b);
  }

  @Override
  public Term neg(Term a) {
    return base.neg(a);
  }

  @Override
  public Term tanh(Term a) {
    return base.tanh(a);
  }

  @Override
  public Term sigmoid(Term a) {
    return base.sigmoid(a);
  }

  @Override
  public Term relu(Term a) {
    return base.relu(a);
  }

  @Override
  public Term sqrt(Term a) {
    return base.sqrt(a);
  }

  @Override
  public Term logSoftmax(Term a) {
    return base.logSoftmax(a);
  }

  @Override
  public Term rowSum(Term a) {
    return base.rowSum(a);
  }

  @Override
  public Term rowMax(Term a) {
    return base.rowMax(a);
  }

  @Override
  public Term rowMax(Term a, Term mask) {
    return base.rowMax(a, mask);
  }

  @Override
  public Term rowLogSumExp(Term a, Term mask) {
    return base.rowLogSumExp(a, mask);
  }

  @Override
  public Term rowKthLargest(Term a, int k) {
    return base.rowKthLargest(a, k);
  }

  @Override
  public Term exp(Term a) {
    return base.exp(a);
  }

  @Override
  public Term log(Term a) {
    return base.log(a);
  }

  @Override
  public Term columns(Term a, int from, int to) {
    return base.columns(a, from, to);
  }

  @Override
  public Term project(Term a, float[] matrix, int columns) {
    return base.project(a, matrix, columns);
  }

  @Override
  public Term transpose(Term a) {
    return base.transpose(a);
  }

  @Override
  public Term matMul(Term a, Term b) {
    return base.matMul(a, b);
  }

  @Override
  public Term columnSum(Term a) {
    return base.columnSum(a);
  }
}
