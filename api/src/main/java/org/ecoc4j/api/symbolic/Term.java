package org.ecoc4j.api.symbolic;

/**
 * A value in a symbolic computation: a matrix of {@link #rows()} rows and {@link #width()}
 * columns. Most terms hold one row per sample of the batch; batch-level terms hold other rows (a
 * batch x batch similarity matrix has one row and one column per sample, a column sum has one
 * row, a class-mean codebook one row per class). Terms are opaque handles made by a {@link Terms}
 * and only valid with the {@code Terms} that made them.
 */
public interface Term {

  /**
   * The {@link #rows()} of a term with one row per sample of a batch whose size is not fixed
   * when the expression is built (an evaluation or attack graph taking any batch size).
   */
  int ANY_BATCH = -1;

  /** Columns per row. */
  int width();

  /** Rows: a known count, or {@link #ANY_BATCH} for one row per sample of any batch size. */
  int rows();
}
