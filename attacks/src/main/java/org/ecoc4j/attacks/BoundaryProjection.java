package org.ecoc4j.attacks;

import org.ecoc4j.api.attack.Norm;

/**
 * The step of FAB (Croce and Hein 2020, Section 3.1): the smallest perturbation {@code d}, in the
 * L-infinity or L2 norm, that moves a point {@code p} onto the hyperplane {@code w . d = c} while
 * keeping {@code p + d} inside the box {@code [lower, upper]}. Both are one-parameter problems
 * solved by bisection: for L-infinity, {@code d_i = sign(c w_i) min(t, room_i)} with the smallest
 * radius {@code t} that reaches {@code c}; for L2, {@code d_i = clip(lambda w_i)} to the box with
 * the {@code lambda} that reaches {@code c}. When the box does not allow {@code w . d = c}, the
 * perturbation goes as far towards it as the box allows.
 */
final class BoundaryProjection {

  private static final int BISECTIONS = 60;

  private BoundaryProjection() {}

  /**
   * Writes {@code d} for image {@code b} ({@code size} floats from {@code b * size}) into {@code
   * out}.
   *
   * @param point the images {@code p}
   * @param w the hyperplane's normal, same layout
   * @param c the hyperplane's offset for this image
   */
  static void project(Norm norm, float[] point, float[] w, int b, int size, double c,
      float lower, float upper, float[] out) {
    int from = b * size;
    if (c == 0 || !Double.isFinite(c)) {
      for (int i = from; i < from + size; i++) {
        out[i] = 0f;
      }
      return;
    }
    if (norm == Norm.LINF) {
      linf(point, w, from, size, c, lower, upper, out);
    } else {
      l2(point, w, from, size, c, lower, upper, out);
    }
  }

  private static void linf(float[] point, float[] w, int from, int size, double c, float lower,
      float upper, float[] out) {
    double target = Math.abs(c);
    double widest = 0;
    for (int i = from; i < from + size; i++) {
      widest = Math.max(widest, room(point[i], w[i], c, lower, upper));
    }
    double lo = 0;
    double hi = widest;
    if (reach(point, w, from, size, c, hi, lower, upper) > target) {
      for (int k = 0; k < BISECTIONS; k++) {
        double mid = (lo + hi) / 2;
        if (reach(point, w, from, size, c, mid, lower, upper) >= target) {
          hi = mid;
        } else {
          lo = mid;
        }
      }
    }
    for (int i = from; i < from + size; i++) {
      double wi = SteepestStep.finite(w[i]);
      double move = Math.min(hi, room(point[i], wi, c, lower, upper));
      out[i] = (float) (Math.signum(c * wi) * move);
    }
  }

  /** How far pixel {@code p} can move in the direction {@code sign(c w)} inside the box. */
  private static double room(float p, double w, double c, float lower, float upper) {
    double direction = Math.signum(c * SteepestStep.finite((float) w));
    return direction > 0 ? upper - p : direction < 0 ? p - lower : 0;
  }

  /** {@code |w . d|} of the L-infinity step of radius {@code t}. */
  private static double reach(float[] point, float[] w, int from, int size, double c, double t,
      float lower, float upper) {
    double sum = 0;
    for (int i = from; i < from + size; i++) {
      double wi = SteepestStep.finite(w[i]);
      sum += Math.abs(wi) * Math.min(t, room(point[i], wi, c, lower, upper));
    }
    return sum;
  }

  private static void l2(float[] point, float[] w, int from, int size, double c, float lower,
      float upper, float[] out) {
    double squared = 0;
    for (int i = from; i < from + size; i++) {
      double wi = SteepestStep.finite(w[i]);
      squared += wi * wi;
    }
    if (squared == 0) {
      for (int i = from; i < from + size; i++) {
        out[i] = 0f;
      }
      return;
    }
    double lo = 0;
    double hi = c / squared;
    double previous = Double.NaN;
    for (int k = 0; k < BISECTIONS; k++) {
      double reached = dot(point, w, from, size, hi, lower, upper);
      if (Math.abs(reached) >= Math.abs(c) || reached == previous) {
        break;
      }
      previous = reached;
      lo = hi;
      hi *= 2;
    }
    for (int k = 0; k < BISECTIONS; k++) {
      double mid = (lo + hi) / 2;
      if (Math.abs(dot(point, w, from, size, mid, lower, upper)) >= Math.abs(c)) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    for (int i = from; i < from + size; i++) {
      out[i] = (float) clipped(point[i], SteepestStep.finite(w[i]), hi, lower, upper);
    }
  }

  /** {@code w . d} of the L2 step {@code d_i = clip(lambda w_i)}. */
  private static double dot(float[] point, float[] w, int from, int size, double lambda,
      float lower, float upper) {
    double sum = 0;
    for (int i = from; i < from + size; i++) {
      double wi = SteepestStep.finite(w[i]);
      sum += wi * clipped(point[i], wi, lambda, lower, upper);
    }
    return sum;
  }

  private static double clipped(float p, double w, double lambda, float lower, float upper) {
    return Math.min(upper - p, Math.max(lower - p, lambda * w));
  }
}
