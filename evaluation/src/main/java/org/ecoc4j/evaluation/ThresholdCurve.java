package org.ecoc4j.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The accuracy-reliability characteristic of a rejecting decoder (Figures 2 to 4 of the
 * error-detecting output codes paper): for each threshold Delta, a decision is accepted only if
 * the deployed decoder accepted it and its confidence ({@link
 * org.ecoc4j.api.decoding.Decisions#confidence}) is at least Delta, and the accuracy,
 * undetectable error, rejection and reliability are counted. All points come from one pass of the
 * network ({@link DecodedSamples}): nothing is trained or run again. For {@code zadeh} the
 * confidence is the truth value its {@code threshold} option compares with, so a point equals
 * deciding with {@code threshold=Delta} (for Delta at or above the deployed threshold); for the
 * softmax decoders it is the winning posterior, the paper's softmax threshold. Immutable.
 *
 * @param points one per threshold, ascending
 */
public record ThresholdCurve(List<ThresholdPoint> points) {

  /** The thresholds used when none are given: 0, 0.05, ..., 1. */
  public static final List<Double> DEFAULT_DELTAS =
      IntStream.rangeClosed(0, 20).mapToObj(i -> i / 20.0).toList();

  /** Copies the points. */
  public ThresholdCurve {
    points = List.copyOf(points);
  }

  /**
   * The curve of {@code decoded} at every threshold of {@code deltas} (sorted ascending here).
   *
   * @throws IllegalArgumentException for no thresholds, or one outside [0, 1] (named)
   */
  public static ThresholdCurve of(DecodedSamples decoded, List<Double> deltas) {
    if (deltas.isEmpty()) {
      throw new IllegalArgumentException("a threshold curve needs at least one threshold");
    }
    for (double delta : deltas) {
      requireDelta(delta);
    }
    List<ThresholdPoint> points = new ArrayList<>();
    for (double delta : deltas.stream().sorted().distinct().toList()) {
      Tally tally = new Tally();
      for (int i = 0; i < decoded.size(); i++) {
        tally.add(decoded.outcome(i, delta), false);
      }
      points.add(new ThresholdPoint(delta, tally.metrics()));
    }
    return new ThresholdCurve(points);
  }

  /**
   * Refuses a threshold outside [0, 1] or NaN.
   *
   * @throws IllegalArgumentException naming the threshold
   */
  public static void requireDelta(double delta) {
    if (!(delta >= 0 && delta <= 1)) {
      throw new IllegalArgumentException("threshold Delta must be in [0, 1], got " + delta);
    }
  }
}
