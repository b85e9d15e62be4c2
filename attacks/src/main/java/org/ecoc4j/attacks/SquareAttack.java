package org.ecoc4j.attacks;

import java.util.List;
import java.util.Map;
import org.ecoc4j.api.attack.Attack;
import org.ecoc4j.api.attack.PreparedAttack;
import org.ecoc4j.api.plugin.InvalidOptionException;
import org.ecoc4j.api.plugin.OptionSpec;
import org.ecoc4j.api.plugin.Options;

/**
 * {@code square}: the score-based black-box Square Attack of Andriushchenko et al. (2020), in its
 * L-infinity and L2 versions. It reads only the objective's losses ({@link
 * org.ecoc4j.api.backend.GradientOracle#losses}), never its gradients: also the check that
 * white-box attacks are not fooled by masked gradients.
 *
 * <p>Reference settings, those of AutoAttack's standard version (Croce and Hein 2020, {@code
 * square.py}): 5,000 queries and {@code p-init} 0.8 for both norms (the paper's own tables use
 * 0.05 for L-infinity and 0.1 for L2 at 10,000 queries). {@code stop-at} ends the search of a
 * sample whose loss has passed that value in the goal's direction (0 for {@code margin} and {@code
 * dlr}: misclassified), as the paper's code stops at a negative margin.
 */
public final class SquareAttack implements Attack {

  /** AutoAttack's query budget. */
  static final int QUERIES = 5000;

  /** AutoAttack's initial {@code p}, for both norms. */
  static final double P_INIT = 0.8;

  private static final List<OptionSpec> OPTIONS =
      List.of(
          OptionSpec.ofInt("queries", QUERIES,
              "loss queries per sample, the initial one included (AutoAttack: 5000)"),
          OptionSpec.ofDouble("p-init", P_INIT,
              "initial fraction of pixels a square covers, in (0, 1] (AutoAttack: 0.8)"),
          OptionSpec.ofDouble("stop-at", null,
              "stop a sample once its loss passes this value in the goal's direction (0 for"
                  + " margin or dlr: misclassified); default: spend every query"));

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
    double pInit = parsed.getDouble("p-init");
    if (!(pInit > 0 && pInit <= 1)) {
      throw new InvalidOptionException(
          "p-init", "option 'p-init' must be in (0, 1], got " + pInit);
    }
    double stopAt = Double.NaN;
    if (parsed.has("stop-at")) {
      stopAt = parsed.getDouble("stop-at");
      if (!Double.isFinite(stopAt)) {
        throw new InvalidOptionException(
            "stop-at", "option 'stop-at' must be finite, got " + stopAt);
      }
    }
    return new SquareSearch(queries, pInit, stopAt)::run;
  }
}
