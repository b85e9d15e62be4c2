package org.ecoc4j.attacks;

import java.util.List;
import java.util.Map;
import org.ecoc4j.api.attack.Attack;
import org.ecoc4j.api.attack.PreparedAttack;
import org.ecoc4j.api.plugin.InvalidOptionException;
import org.ecoc4j.api.plugin.OptionSpec;
import org.ecoc4j.api.plugin.Options;

/**
 * {@code mim}: the momentum iterative method of Dong et al. (2018): from the clean image,
 * {@code g <- decay * g + gradient / ||gradient||_1}, then a steepest-ascent step of the budget's
 * step size along {@code g} ({@code sign(g)} for L-infinity, {@code g / ||g||_2} for L2) and a
 * projection; returns the last iterate.
 *
 * <p>Reference step (used when the budget leaves the step to the attack): {@code epsilon /
 * steps}, Dong et al.'s {@code alpha = epsilon / T} (also torchattacks' {@code MIFGSM}), with
 * decay {@code mu = 1.0}.
 */
public final class MimAttack implements Attack {

  /** Total travel of the reference steps, in units of epsilon (Dong et al.). */
  static final double TRAVEL = 1.0;

  /** The {@code decay} option, also offered by eot. */
  static final OptionSpec DECAY =
      OptionSpec.ofDouble("decay", 1.0, "momentum decay factor mu (Dong et al. use 1.0)");

  private static final List<OptionSpec> OPTIONS = List.of(DECAY);

  @Override
  public String name() {
    return "mim";
  }

  @Override
  public String description() {
    return "momentum iterative method (Dong et al.), L-infinity or L2";
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
    double decay = parsed.getDouble("decay");
    if (!(decay > 0)) {
      throw new InvalidOptionException(
          "decay", "option 'decay' must be positive (use bim for no momentum), got " + decay);
    }
    return new IterativeAscent(false, 1, decay, false, TRAVEL)::run;
  }
}
