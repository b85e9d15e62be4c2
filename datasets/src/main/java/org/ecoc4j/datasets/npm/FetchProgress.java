package org.ecoc4j.datasets.npm;

/** Receives progress of a fetch or conversion, for a progress bar or log lines. */
@FunctionalInterface
public interface FetchProgress {

  /** Ignores progress. */
  FetchProgress SILENT = (step, done, total) -> { };

  /**
   * Reports a step.
   *
   * @param step what is happening, e.g. {@code reading class 3 of 10}
   * @param done units done so far
   * @param total units in all, or 0 when unknown
   */
  void update(String step, long done, long total);
}
