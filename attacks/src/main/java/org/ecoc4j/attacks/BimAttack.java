package org.ecoc4j.attacks;

import java.util.List;
import java.util.Map;
import org.ecoc4j.api.attack.Attack;
import org.ecoc4j.api.attack.PreparedAttack;
import org.ecoc4j.api.plugin.OptionSpec;
import org.ecoc4j.api.plugin.Options;

/**
 * {@code bim}: the basic iterative method of Kurakin et al. (2017): from the clean image, the
 * budget's number of steepest-ascent steps of the budget's step size, each followed by a
 * projection onto the ball and the pixel range; returns the last iterate.
 *
 * <p>Reference step (used when the budget leaves the step to the attack): {@code 1.25 epsilon /
 * steps}. Kurakin et al. take steps of {@code alpha = 1/255} for {@code min(255 epsilon + 4, 1.25
 * * 255 epsilon)} iterations, a total travel of {@code 1.25 epsilon}; ecoc4j keeps that travel and
 * spreads it over the budget's steps.
 */
public final class BimAttack implements Attack {

  /** Total travel of the reference steps, in units of epsilon (Kurakin et al.). */
  static final double TRAVEL = 1.25;

  @Override
  public String name() {
    return "bim";
  }

  @Override
  public String description() {
    return "basic iterative method: projected steps from the clean image (L-infinity or L2)";
  }

  @Override
  public List<OptionSpec> options() {
    return List.of();
  }

  @Override
  public boolean usesGradients() {
    return true;
  }

  @Override
  public PreparedAttack prepare(Map<String, String> options) {
    Options.parse(options(), options);
    return new IterativeAscent(false, 1, 0, false, TRAVEL)::run;
  }
}
