package org.ecoc4j.defenses;

import java.util.List;
import java.util.Map;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.defense.Defense;
import org.ecoc4j.api.defense.PreparedDefense;
import org.ecoc4j.api.plugin.OptionSpec;
import org.ecoc4j.api.plugin.Options;
import org.ecoc4j.api.plugin.PluginSource;
import org.ecoc4j.api.symbolic.Term;
import org.ecoc4j.api.symbolic.Terms;

/**
 * {@code adp}: Pang et al.'s adaptive diversity promoting ensemble. M networks with one-hot
 * outputs trained together with {@code sum_m CE_m - alpha * H(mean_m p_m) - beta * log(ED)},
 * where {@code p_m} is member m's softmax, {@code H} the entropy and {@code ED = det(U^T U +
 * delta I)} the ensemble diversity of the members' L2-normalised non-maximal predictions (each
 * {@code p_m} with the true class removed). Decoded by the mean of the members' softmax.
 * Defaults as in Pang et al.: alpha = 2, beta = 0.5, delta = 1e-6, M = 3.
 */
public final class AdpDefense implements Defense {

  static final String ALPHA = "alpha";
  static final String BETA = "beta";
  static final String DET_OFFSET = "det-offset";
  private static final float LOG_OFFSET = 1e-20f;
  private static final float NORM_OFFSET = 1e-12f;

  private static final List<OptionSpec> OPTIONS =
      List.of(
          DefenseOptions.members(3),
          OptionSpec.ofDouble(ALPHA, 2.0, "weight of the ensemble entropy"),
          OptionSpec.ofDouble(BETA, 0.5, "weight of the log ensemble diversity"),
          OptionSpec.ofDouble(DET_OFFSET, 1e-6, "delta added to the diagonal before det"),
          DefenseOptions.combine());

  /** The provider, for {@link java.util.ServiceLoader}. */
  public AdpDefense() {
    // stateless
  }

  @Override
  public String name() {
    return "adp";
  }

  @Override
  public String description() {
    return "ensemble with one-hot outputs and Pang et al.'s adaptive diversity promoting"
        + " regularizer";
  }

  @Override
  public List<OptionSpec> options() {
    return OPTIONS;
  }

  @Override
  public PreparedDefense prepare(
      int classes,
      long seed,
      Map<String, String> options,
      PluginSource plugins) {
    DefenseOptions.checkClasses(classes);
    Options parsed = Options.parse(OPTIONS, options);
    int members = DefenseOptions.atLeast(parsed, DefenseOptions.MEMBERS, 2);
    float alpha = (float) DefenseOptions.nonNegative(parsed, ALPHA);
    float beta = (float) DefenseOptions.nonNegative(parsed, BETA);
    float delta = (float) DefenseOptions.nonNegative(parsed, DET_OFFSET);
    if (beta > 0 && !(delta > 0)) {
      throw new org.ecoc4j.api.plugin.InvalidOptionException(
          DET_OFFSET, "option 'det-offset' must be positive when beta is, got " + delta);
    }
    LossSpec loss =
        LossSpec.crossEntropy(classes)
            .withTermLoss(
                "sum of cross-entropies - " + alpha + " x entropy - " + beta
                    + " x log diversity",
                t -> adpLoss(t, members, classes, alpha, beta, delta));
    return new LogitDesign(
        name(), parsed.asText(), members, classes, loss,
        parsed.getString(DefenseOptions.COMBINE));
  }

  private static Term adpLoss(
      Terms t, int members, int classes, float alpha, float beta, float delta) {
    List<Term> p = LogitTerms.probabilities(t, members, classes);
    Term mean = null;
    for (Term pm : p) {
      mean = mean == null ? pm : t.add(mean, pm);
    }
    mean = t.mul(mean, t.constant(1f / members));
    Term entropy = t.neg(t.rowSum(t.mul(mean, t.log(t.add(mean, t.constant(LOG_OFFSET))))));
    Term loss = t.sub(LogitTerms.crossEntropy(t, members, classes), t.mul(t.constant(alpha), entropy));
    if (beta == 0) {
      return loss;
    }
    Term notTrue = t.sub(t.constant(1f), t.labels());
    Term[] normalised = new Term[members];
    for (int m = 0; m < members; m++) {
      Term u = t.mul(p.get(m), notTrue);
      Term inverseNorm =
          t.exp(t.mul(t.constant(-0.5f), t.log(t.add(t.rowSum(t.mul(u, u)), t.constant(NORM_OFFSET)))));
      normalised[m] = t.mul(u, inverseNorm);
    }
    Term[][] gram = new Term[members][members];
    for (int i = 0; i < members; i++) {
      for (int j = 0; j <= i; j++) {
        Term dot = t.rowSum(t.mul(normalised[i], normalised[j]));
        gram[i][j] = i == j ? t.add(dot, t.constant(delta)) : dot;
      }
    }
    return t.sub(loss, t.mul(t.constant(beta), LogDeterminant.of(t, gram)));
  }
}
