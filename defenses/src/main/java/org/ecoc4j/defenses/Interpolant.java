package org.ecoc4j.defenses;

import java.util.Arrays;
import java.util.Locale;

/**
 * How coded-smoothing's encoder and decoder fit a batch: a cubic {@link #SPLINE smoothing spline}
 * (the method's own, with a smoothing parameter each) or {@link #BERRUT Berrut's rational
 * interpolant} (no smoothing parameter).
 */
enum Interpolant {
  /** The cubic smoothing spline ({@link SmoothingSpline}). */
  SPLINE,
  /** Berrut's rational interpolant ({@link BerrutInterpolant}). */
  BERRUT;

  /** The option's word for it. */
  String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The interpolant a word names.
   *
   * @throws IllegalArgumentException naming the word and the choices
   */
  static Interpolant of(String word) {
    for (Interpolant i : values()) {
      if (i.word().equals(word)) {
        return i;
      }
    }
    throw new IllegalArgumentException(
        "unknown interpolant '" + word + "'; choose one of "
            + Arrays.stream(values()).map(Interpolant::word).toList());
  }

  /**
   * The matrix taking values observed at {@code from} to values at {@code to}.
   *
   * @param smoothing the spline's smoothing parameter; must be 0 for {@link #BERRUT}
   * @throws IllegalArgumentException for a smoothing parameter Berrut cannot take, or bad points
   */
  double[][] matrix(double[] from, double smoothing, double[] to) {
    if (this == BERRUT) {
      if (smoothing != 0) {
        throw new IllegalArgumentException(
            "the berrut interpolant takes no smoothing parameter, got " + smoothing);
      }
      return BerrutInterpolant.matrix(from, to);
    }
    return SmoothingSpline.matrix(from, smoothing, to);
  }
}
