package org.ecoc4j.attacks;

import java.util.List;
import java.util.Map;
import org.ecoc4j.api.attack.Attack;
import org.ecoc4j.api.attack.PreparedAttack;
import org.ecoc4j.api.plugin.InvalidOptionException;
import org.ecoc4j.api.plugin.OptionSpec;
import org.ecoc4j.api.plugin.Options;

/**
 * {@code fab}: the fast adaptive boundary attack of Croce and Hein, "Minimally distorted
 * adversarial examples with a fast adaptive boundary attack" (ICML 2020), L-infinity or L2:
 * linearize the decision boundary, project onto it inside the pixel box, extrapolate towards the
 * clean image's projection, keep the closest adversarial point ({@link FabSearch}). Its boundary
 * is the zero level of the objective, so it runs on {@code margin} (or {@code dlr}): untargeted at
 * the true labels, or, as AutoAttack's FAB-T, targeted at each of the top wrong classes. The
 * budget's steps are its iterations; its step size is not used. Reference settings from the
 * paper: {@code alpha-max} 0.1, {@code eta} 1.05, {@code beta} 0.9; AutoAttack's standard
 * version runs 100 iterations and one restart per target.
 */
public final class FabAttack implements Attack {

  private static final List<OptionSpec> OPTIONS =
      List.of(
          PgdAttack.RESTARTS,
          OptionSpec.ofDouble("alpha-max", 0.1,
              "largest weight of the clean image's projection, in [0, 1) (paper: 0.1)"),
          OptionSpec.ofDouble("eta", 1.05, "overshoot of the projections, >= 1 (paper: 1.05)"),
          OptionSpec.ofDouble("beta", 0.9,
              "pull back towards the clean image after a success, in (0, 1) (paper: 0.9)"));

  @Override
  public String name() {
    return "fab";
  }

  @Override
  public String description() {
    return "FAB (Croce and Hein 2020): minimum-norm attack by projections onto the linearized"
        + " boundary (zero of the objective: use margin), L-infinity or L2";
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
    double alphaMax = parsed.getDouble("alpha-max");
    if (!(alphaMax >= 0 && alphaMax < 1)) {
      throw new InvalidOptionException(
          "alpha-max", "option 'alpha-max' must be in [0, 1), got " + alphaMax);
    }
    double eta = parsed.getDouble("eta");
    if (!(eta >= 1 && Double.isFinite(eta))) {
      throw new InvalidOptionException("eta", "option 'eta' must be finite and >= 1, got " + eta);
    }
    double beta = parsed.getDouble("beta");
    if (!(beta > 0 && beta < 1)) {
      throw new InvalidOptionException("beta", "option 'beta' must be in (0, 1), got " + beta);
    }
    return new FabSearch(restarts, alphaMax, eta, beta)::run;
  }
}
