package org.ecoc4j.api.symbolic;

/**
 * A value in a symbolic per-sample computation: a matrix of {@code batch} rows (one per sample)
 * and {@link #width()} columns. Terms are opaque handles made by a {@link Terms} and only valid
 * with the {@code Terms} that made them.
 */
public interface Term {

  /** Columns per sample. */
  int width();
}
