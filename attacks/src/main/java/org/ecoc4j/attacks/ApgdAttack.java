package org.ecoc4j.attacks;

import java.util.List;
import java.util.Map;
import org.ecoc4j.api.attack.Attack;
import org.ecoc4j.api.attack.PreparedAttack;
import org.ecoc4j.api.plugin.InvalidOptionException;
import org.ecoc4j.api.plugin.OptionSpec;
import org.ecoc4j.api.plugin.Options;

/**
 * {@code apgd}: Auto-PGD of Croce and Hein (2020): PGD with momentum and a step size that adapts
 * per sample without tuning (see {@link ApgdSearch}); L-infinity or L2. The budget's steps are
 * its iterations; its step size is not used.
 */
public final class ApgdAttack implements Attack {

  private static final List<OptionSpec> OPTIONS =
      List.of(
          PgdAttack.RESTARTS,
          OptionSpec.ofDouble(
              "rho", 0.75, "fraction of improving steps below which the step is halved"),
          OptionSpec.ofDouble("momentum", 0.75, "weight alpha of the new step, in (0, 1]"));

  @Override
  public String name() {
    return "apgd";
  }

  @Override
  public String description() {
    return "Auto-PGD (Croce and Hein): momentum and a step size that adapts per sample";
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
    int restarts = PgdAttack.restarts(parsed);
    double rho = parsed.getDouble("rho");
    if (!(rho > 0 && rho < 1)) {
      throw new InvalidOptionException("rho", "option 'rho' must be in (0, 1), got " + rho);
    }
    double momentum = parsed.getDouble("momentum");
    if (!(momentum > 0 && momentum <= 1)) {
      throw new InvalidOptionException(
          "momentum", "option 'momentum' must be in (0, 1], got " + momentum);
    }
    return new ApgdSearch(restarts, rho, momentum)::run;
  }
}
