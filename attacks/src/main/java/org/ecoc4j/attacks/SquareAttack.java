package org.ecoc4j.attacks;

import java.util.List;
import java.util.Map;
import org.ecoc4j.api.attack.Attack;
import org.ecoc4j.api.attack.Norm;
import org.ecoc4j.api.attack.PreparedAttack;
import org.ecoc4j.api.plugin.InvalidOptionException;
import org.ecoc4j.api.plugin.OptionSpec;
import org.ecoc4j.api.plugin.Options;

/**
 * {@code square}: the score-based black-box Square Attack of Andriushchenko et al. (2020), in its
 * L-infinity and L2 versions. It reads only the objective's losses ({@link
 * org.ecoc4j.api.backend.GradientOracle#losses}), never its gradients, and spends a fixed number of
 * queries per sample: also the check that white-box attacks are not fooled by masked gradients.
 */
public final class SquareAttack implements Attack {

  /** The paper's initial {@code p} for L-infinity. */
  static final double P_INIT_LINF = 0.05;

  /** The paper's initial {@code p} for L2. */
  static final double P_INIT_L2 = 0.1;

  private static final List<OptionSpec> OPTIONS =
      List.of(
          OptionSpec.ofInt("queries", 1000, "loss queries per sample, the initial one included"),
          OptionSpec.ofDouble(
              "p-init", null,
              "initial fraction of pixels a square covers, in (0, 1]; default the paper's 0.05"
                  + " for linf, 0.1 for l2"));

  @Override
  public String name() {
    return "square";
  }

  @Override
  public String description() {
    return "Square Attack (Andriushchenko et al. 2020): score-based black-box random search over"
        + " square windows, L-infinity or L2; queries losses only";
  }

  @Override
  public List<OptionSpec> options() {
    return OPTIONS;
  }

  @Override
  public boolean usesGradients() {
    return false;
  }

  @Override
  public PreparedAttack prepare(Map<String, String> options) {
    Options parsed = Options.parse(options(), options);
    int queries = parsed.getInt("queries");
    if (queries < 1) {
      throw new InvalidOptionException(
          "queries", "option 'queries' must be at least 1, got " + queries);
    }
    if (!parsed.has("p-init")) {
      return withPaperPInit(queries);
    }
    double pInit = parsed.getDouble("p-init");
    if (!(pInit > 0 && pInit <= 1)) {
      throw new InvalidOptionException(
          "p-init", "option 'p-init' must be in (0, 1], got " + pInit);
    }
    return new SquareSearch(queries, pInit)::run;
  }

  /**
   * The search with the paper's {@code p-init} for the norm of each call's budget: that value
   * depends on the norm, which only the budget names, so it cannot be fixed when preparing.
   */
  private static PreparedAttack withPaperPInit(int queries) {
    SquareSearch linf = new SquareSearch(queries, paperPInit(Norm.LINF));
    SquareSearch l2 = new SquareSearch(queries, paperPInit(Norm.L2));
    return (oracle, budget, goal, images, labels, seed, adversarial) ->
        (budget.norm() == Norm.LINF ? linf : l2)
            .run(oracle, budget, goal, images, labels, seed, adversarial);
  }

  /** The paper's initial {@code p} for {@code norm}: 0.05 for L-infinity, 0.1 for L2. */
  static double paperPInit(Norm norm) {
    return switch (norm) {
      case LINF -> P_INIT_LINF;
      case L2 -> P_INIT_L2;
    };
  }
}
