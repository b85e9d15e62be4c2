package org.ecoc4j.attacks;

import java.util.List;
import java.util.Map;
import org.ecoc4j.api.attack.Attack;
import org.ecoc4j.api.attack.PreparedAttack;
import org.ecoc4j.api.plugin.InvalidOptionException;
import org.ecoc4j.api.plugin.OptionSpec;
import org.ecoc4j.api.plugin.Options;

/**
 * {@code square}: the score-based black-box Square Attack of Andriushchenko et al. (2020),
 * L-infinity version. It reads only the objective's losses, never its gradients, and spends a
 * fixed number of queries per sample: also the check that white-box attacks are not fooled by
 * masked gradients.
 */
public final class SquareAttack implements Attack {

  private static final List<OptionSpec> OPTIONS =
      List.of(
          OptionSpec.ofInt("queries", 1000, "loss queries per sample, the initial one included"),
          OptionSpec.ofDouble(
              "p-init", 0.05, "initial fraction of pixels a square covers, in (0, 1]"));

  @Override
  public String name() {
    return "square";
  }

  @Override
  public String description() {
    return "Square Attack (Andriushchenko et al.): score-based black-box random search, L-infinity";
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
    return new SquareSearch(queries, pInit)::run;
  }
}
