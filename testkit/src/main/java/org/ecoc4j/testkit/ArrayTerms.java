package org.ecoc4j.testkit;

import java.util.Arrays;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import org.ecoc4j.api.symbolic.Term;
import org.ecoc4j.api.symbolic.Terms;

/**
 * {@link Terms} evaluated in double precision on arrays: a reference for the values of objectives
 * and losses written with {@link Terms}, independent of any backend (each backend's compilation of
 * the same terms is checked against finite differences in its own tests). A batch is given as its
 * outputs, one row per sample, and its labels; the class scores are the outputs themselves, or
 * their correlations with given codewords; the training loss is the cross-entropy of the class
 * scores. Every term is a matrix of values; {@link #values} and {@link #column} read them back.
 */
public final class ArrayTerms implements Terms {

  private final double[][] scores;
  private final int[] labels;
  private final double[][] codewords;
  private final int classes;
  private final double[][] projection;

  private ArrayTerms(double[][] outputs, int[] labels, double[][] codewords, int classes) {
    this(outputs, labels, codewords, classes, null);
  }

  private ArrayTerms(
      double[][] outputs, int[] labels, double[][] codewords, int classes,
      double[][] projection) {
    if (outputs.length == 0 || outputs.length != labels.length) {
      throw new IllegalArgumentException(
          outputs.length + " rows of outputs for " + labels.length + " labels");
    }
    if (projection != null && projection.length != outputs.length) {
      throw new IllegalArgumentException(
          projection.length + " rows of projection for " + outputs.length + " rows of outputs");
    }
    this.scores = outputs;
    this.labels = labels;
    this.codewords = codewords;
    this.classes = classes;
    this.projection = projection;
  }

  /**
   * These terms with a projection head's outputs ({@link #projection()}), one row per sample, as
   * the training graph of a stage with a head has them.
   */
  public ArrayTerms withProjection(double[][] rows) {
    return new ArrayTerms(scores, labels, codewords, classes, rows.clone());
  }

  /**
   * Terms of a batch whose outputs are the class scores (a network without codewords).
   *
   * @param scores the class scores, one row per sample
   * @param labels the label of each row
   */
  public ArrayTerms(double[][] scores, int[] labels) {
    this(scores, labels, null, scores.length == 0 ? 0 : scores[0].length);
  }

  /**
   * Terms of a batch of a network trained on codewords: the class scores are the correlations of
   * the outputs with the codewords.
   *
   * @param outputs the raw outputs, one row per sample
   * @param labels the label of each row
   * @param codewords the +1/-1 codeword of each class
   */
  public static ArrayTerms withCodewords(double[][] outputs, int[] labels, double[][] codewords) {
    return new ArrayTerms(outputs, labels, codewords.clone(), codewords.length);
  }

  /**
   * Terms of a batch whose outputs are rows of any width (a code or an embedding), with labels
   * one-hot over {@code classes}; the class scores are the outputs.
   *
   * @param outputs the network's outputs, one row per sample
   * @param labels the label of each row
   * @param classes number of classes
   */
  public static ArrayTerms withClasses(double[][] outputs, int[] labels, int classes) {
    return new ArrayTerms(outputs, labels, null, classes);
  }

  /** The values of a term, row after row. */
  public static double[][] values(Term term) {
    return ((Values) term).rows;
  }

  /** The per-sample values of a term of width 1. */
  public static double[] column(Term term) {
    Values v = (Values) term;
    if (v.width() != 1) {
      throw new IllegalArgumentException("a term of width " + v.width());
    }
    return Arrays.stream(v.rows).mapToDouble(r -> r[0]).toArray();
  }

  @Override
  public Term outputs() {
    return new Values(scores);
  }

  @Override
  public Term projection() {
    return projection == null ? Terms.super.projection() : new Values(projection);
  }

  @Override
  public Term classScores() {
    return codewords == null ? new Values(scores) : matMul(outputs(), transpose(codewords()));
  }

  @Override
  public Term codewords() {
    if (codewords == null) {
      throw new IllegalArgumentException("codewords: these terms have none");
    }
    return new Values(codewords);
  }

  @Override
  public Term trainingLoss() {
    return neg(rowSum(mul(labels(), logSoftmax(classScores()))));
  }

  @Override
  public Term labels() {
    double[][] rows = new double[scores.length][classes];
    for (int b = 0; b < rows.length; b++) {
      rows[b][labels[b]] = 1;
    }
    return new Values(rows);
  }

  @Override
  public Term constant(float value) {
    return new Values(new double[][] {{value}});
  }

  @Override
  public Term matrix(float[] values, int rows, int columns) {
    double[][] out = new double[rows][columns];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < columns; c++) {
        out[r][c] = values[r * columns + c];
      }
    }
    return new Values(out);
  }

  @Override
  public Term add(Term a, Term b) {
    return zip(a, b, Double::sum);
  }

  @Override
  public Term sub(Term a, Term b) {
    return zip(a, b, (x, y) -> x - y);
  }

  @Override
  public Term mul(Term a, Term b) {
    return zip(a, b, (x, y) -> x * y);
  }

  @Override
  public Term div(Term a, Term b) {
    return zip(a, b, (x, y) -> x / y);
  }

  @Override
  public Term neg(Term a) {
    return map(a, x -> -x);
  }

  @Override
  public Term tanh(Term a) {
    return map(a, Math::tanh);
  }

  @Override
  public Term sigmoid(Term a) {
    return map(a, x -> 1 / (1 + Math.exp(-x)));
  }

  @Override
  public Term relu(Term a) {
    return map(a, x -> Math.max(x, 0));
  }

  @Override
  public Term sqrt(Term a) {
    return map(a, Math::sqrt);
  }

  @Override
  public Term logSoftmax(Term a) {
    double[][] rows = ((Values) a).rows;
    double[][] out = new double[rows.length][];
    for (int b = 0; b < rows.length; b++) {
      double max = Arrays.stream(rows[b]).max().orElseThrow();
      double log = max + Math.log(Arrays.stream(rows[b]).map(x -> Math.exp(x - max)).sum());
      out[b] = Arrays.stream(rows[b]).map(x -> x - log).toArray();
    }
    return new Values(out);
  }

  @Override
  public Term rowSum(Term a) {
    return perRow(a, row -> Arrays.stream(row).sum());
  }

  @Override
  public Term rowMax(Term a) {
    return perRow(a, row -> Arrays.stream(row).max().orElseThrow());
  }

  @Override
  public Term rowMax(Term a, Term mask) {
    double[][] x = ((Values) a).rows;
    double[][] m = ((Values) mask).rows;
    double[][] out = new double[x.length][1];
    for (int r = 0; r < x.length; r++) {
      out[r][0] = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < x[r].length; c++) {
        if (at(m, r, c) > 0) {
          out[r][0] = Math.max(out[r][0], x[r][c]);
        }
      }
    }
    return new Values(out);
  }

  @Override
  public Term rowLogSumExp(Term a, Term mask) {
    double[][] x = ((Values) a).rows;
    double[][] m = ((Values) mask).rows;
    double[][] max = ((Values) rowMax(a, mask)).rows;
    double[][] out = new double[x.length][1];
    for (int r = 0; r < x.length; r++) {
      double sum = 0;
      for (int c = 0; c < x[r].length; c++) {
        if (at(m, r, c) > 0) {
          sum += at(m, r, c) * Math.exp(x[r][c] - max[r][0]);
        }
      }
      out[r][0] = max[r][0] + Math.log(sum);
    }
    return new Values(out);
  }

  @Override
  public Term rowKthLargest(Term a, int k) {
    if (k < 1 || k > a.width()) {
      throw new IllegalArgumentException("k = " + k + " for width " + a.width());
    }
    return perRow(a, row -> Arrays.stream(row).sorted().toArray()[row.length - k]);
  }

  @Override
  public Term exp(Term a) {
    return map(a, Math::exp);
  }

  @Override
  public Term log(Term a) {
    return map(a, Math::log);
  }

  @Override
  public Term columns(Term a, int from, int to) {
    double[][] rows = ((Values) a).rows;
    double[][] out = new double[rows.length][];
    for (int b = 0; b < rows.length; b++) {
      out[b] = Arrays.copyOfRange(rows[b], from, to);
    }
    return new Values(out);
  }

  @Override
  public Term project(Term a, float[] matrix, int columns) {
    double[][] rows = ((Values) a).rows;
    double[][] out = new double[rows.length][columns];
    for (int b = 0; b < rows.length; b++) {
      for (int i = 0; i < rows[b].length; i++) {
        for (int c = 0; c < columns; c++) {
          out[b][c] += rows[b][i] * matrix[i * columns + c];
        }
      }
    }
    return new Values(out);
  }

  @Override
  public Term transpose(Term a) {
    double[][] x = ((Values) a).rows;
    double[][] out = new double[x[0].length][x.length];
    for (int r = 0; r < x.length; r++) {
      for (int c = 0; c < x[r].length; c++) {
        out[c][r] = x[r][c];
      }
    }
    return new Values(out);
  }

  @Override
  public Term matMul(Term a, Term b) {
    double[][] x = ((Values) a).rows;
    double[][] y = ((Values) b).rows;
    if (x[0].length != y.length) {
      throw new IllegalArgumentException("matMul of widths " + x[0].length + " and " + y.length);
    }
    double[][] out = new double[x.length][y[0].length];
    for (int r = 0; r < x.length; r++) {
      for (int k = 0; k < y.length; k++) {
        for (int c = 0; c < y[0].length; c++) {
          out[r][c] += x[r][k] * y[k][c];
        }
      }
    }
    return new Values(out);
  }

  @Override
  public Term columnSum(Term a) {
    return transpose(rowSum(transpose(a)));
  }

  private static Term map(Term a, DoubleUnaryOperator f) {
    double[][] rows = ((Values) a).rows;
    double[][] out = new double[rows.length][];
    for (int b = 0; b < rows.length; b++) {
      out[b] = Arrays.stream(rows[b]).map(f).toArray();
    }
    return new Values(out);
  }

  private interface RowFunction {
    double apply(double[] row);
  }

  private static Term perRow(Term a, RowFunction f) {
    double[][] rows = ((Values) a).rows;
    double[][] out = new double[rows.length][1];
    for (int b = 0; b < rows.length; b++) {
      out[b][0] = f.apply(rows[b]);
    }
    return new Values(out);
  }

  /** Element-wise, broadcasting a single row or a single column. */
  private static Term zip(Term a, Term b, DoubleBinaryOperator f) {
    double[][] x = ((Values) a).rows;
    double[][] y = ((Values) b).rows;
    int batch = Math.max(x.length, y.length);
    int width = Math.max(a.width(), b.width());
    if (a.width() != b.width() && a.width() != 1 && b.width() != 1) {
      throw new IllegalArgumentException("widths " + a.width() + " and " + b.width());
    }
    double[][] out = new double[batch][width];
    for (int r = 0; r < batch; r++) {
      for (int c = 0; c < width; c++) {
        out[r][c] = f.applyAsDouble(at(x, r, c), at(y, r, c));
      }
    }
    return new Values(out);
  }

  private static double at(double[][] rows, int r, int c) {
    double[] row = rows[rows.length == 1 ? 0 : r];
    return row[row.length == 1 ? 0 : c];
  }

  /** A matrix of values. */
  private static final class Values implements Term {
    private final double[][] rows;

    Values(double[][] rows) {
      this.rows = rows;
    }

    @Override
    public int width() {
      return rows[0].length;
    }

    @Override
    public int rows() {
      return rows.length;
    }
  }
}
