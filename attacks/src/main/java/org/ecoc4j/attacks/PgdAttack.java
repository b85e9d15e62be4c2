package org.ecoc4j.attacks;

import java.util.List;
import java.util.Map;
import org.ecoc4j.api.attack.Attack;
import org.ecoc4j.api.attack.PreparedAttack;
import org.ecoc4j.api.plugin.InvalidOptionException;
import org.ecoc4j.api.plugin.OptionSpec;
import org.ecoc4j.api.plugin.Options;

/**
 * {@code pgd}: projected gradient descent of Madry et al. (2018): from a uniformly random point of
 * the ball, projected steepest-ascent steps; with restarts, each sample keeps the point with the
 * best objective over every evaluated iterate of every run.
 *
 * <p>Reference step (used when the budget leaves the step to the attack): {@code 2.5 epsilon /
 * steps}, the setting of torchattacks' {@code PGD} (2/255 for 8/255 over 10 steps) and of Madry
 * et al.'s own rule of travelling more than the radius, so that from any random start the far side
 * of the ball is within reach (a step of {@code epsilon / steps} travels only epsilon).
 */
public final class PgdAttack implements Attack {

  /** Total travel of the reference steps, in units of epsilon. */
  static final double TRAVEL = 2.5;

  /** The {@code restarts} option, also offered by apgd and eot; read it with {@link #restarts}. */
  static final OptionSpec RESTARTS =
      OptionSpec.ofInt("restarts", 1, "independent runs; each sample keeps its best point");

  /** The {@code random-start} option, also offered by eot. */
  static final OptionSpec RANDOM_START =
      OptionSpec.ofBoolean("random-start", true, "start at a random point of the ball");

  private static final List<OptionSpec> OPTIONS = List.of(RESTARTS, RANDOM_START);

  @Override
  public String name() {
    return "pgd";
  }

  @Override
  public String description() {
    return "projected gradient descent with random start and restarts (L-infinity or L2)";
  }

  @Override
  public List<OptionSpec> options() {
    return OPTIONS;
  }

  @Override
  public boolean usesGradients() {
    return true;
  }

  @Override
  public PreparedAttack prepare(Map<String, String> options) {
    Options parsed = Options.parse(options(), options);
    return new IterativeAscent(
        parsed.getBoolean("random-start"), restarts(parsed), 0, true, TRAVEL)::run;
  }

  /**
   * The parsed {@link #RESTARTS} option.
   *
   * @throws InvalidOptionException when it is below 1
   */
  static int restarts(Options parsed) {
    int restarts = parsed.getInt("restarts");
    if (restarts < 1) {
      throw new InvalidOptionException(
          "restarts", "option 'restarts' must be at least 1, got " + restarts);
    }
    return restarts;
  }
}
