package org.ecoc4j.api.attack;

import java.util.Objects;

/**
 * How far and how hard an attack may go: the norm and radius of the ball around each clean image,
 * the number of gradient steps or iterations, the step size, and the valid pixel range every
 * adversarial image is clipped to.
 *
 * @param norm the norm of the ball
 * @param epsilon radius of the ball, not negative
 * @param steps iterations of an iterative attack (single-step attacks ignore it), at least 1
 * @param stepSize size of one step, or NaN ({@link #REFERENCE_STEP}) to leave it to the attack,
 *     which then uses its paper's setting through {@link #stepSizeOr}
 * @param lower smallest valid pixel value
 * @param upper largest valid pixel value, above {@code lower}
 */
public record Budget(
    Norm norm, double epsilon, int steps, double stepSize, float lower, float upper) {

  /** The pixel range of ecoc4j's datasets. */
  public static final float PIXEL_MIN = 0f;

  /** The pixel range of ecoc4j's datasets. */
  public static final float PIXEL_MAX = 1f;

  /**
   * The step size that leaves the choice to each attack: its reference setting, e.g. PGD's
   * {@code 2.5 epsilon / steps}, BIM's {@code 1.25 epsilon / steps}, MIM's {@code epsilon / steps}.
   */
  public static final double REFERENCE_STEP = Double.NaN;

  /** Refuses values out of range, naming the field. */
  public Budget {
    Objects.requireNonNull(norm, "norm");
    requireEpsilon(epsilon);
    if (steps < 1) {
      throw new IllegalArgumentException("steps must be at least 1, got " + steps);
    }
    if (!Double.isNaN(stepSize) && (!(stepSize >= 0) || !Double.isFinite(stepSize))) {
      throw new IllegalArgumentException(
          "step size must be finite and >= 0 (or NaN for the attack's own), got " + stepSize);
    }
    if (!(lower < upper) || !Float.isFinite(lower) || !Float.isFinite(upper)) {
      throw new IllegalArgumentException(
          "pixel range [" + lower + ", " + upper + "] must be finite and non-empty");
    }
  }

  /**
   * The check every radius passes, here and wherever radii are taken before a budget is made.
   *
   * @return {@code epsilon}
   * @throws IllegalArgumentException when {@code epsilon} is negative, infinite or NaN
   */
  public static double requireEpsilon(double epsilon) {
    if (!(epsilon >= 0) || !Double.isFinite(epsilon)) {
      throw new IllegalArgumentException("epsilon must be finite and >= 0, got " + epsilon);
    }
    return epsilon;
  }

  /**
   * A budget over the pixel range [0, 1] whose step size each attack chooses ({@link
   * #REFERENCE_STEP}).
   *
   * @throws IllegalArgumentException for a negative epsilon or fewer than one step
   */
  public static Budget of(Norm norm, double epsilon, int steps) {
    if (steps < 1) {
      throw new IllegalArgumentException("steps must be at least 1, got " + steps);
    }
    return new Budget(norm, epsilon, steps, REFERENCE_STEP, PIXEL_MIN, PIXEL_MAX);
  }

  /** Whether the step size is left to the attack ({@link #REFERENCE_STEP}). */
  public boolean referenceStep() {
    return Double.isNaN(stepSize);
  }

  /**
   * The step size to use: the one given, or, when it is left to the attack, {@code travel *
   * epsilon / steps}, where {@code travel} is the total distance the attack's reference setting
   * covers in units of epsilon.
   */
  public double stepSizeOr(double travel) {
    return referenceStep() ? travel * epsilon / steps : stepSize;
  }

  /** A copy with another step size. */
  public Budget withStepSize(double size) {
    return new Budget(norm, epsilon, steps, size, lower, upper);
  }
}
