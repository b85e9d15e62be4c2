package org.ecoc4j.defenses;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.codebook.CodebookGenerator;
import org.ecoc4j.api.defense.Defense;
import org.ecoc4j.api.defense.PreparedDefense;
import org.ecoc4j.api.plugin.OptionSpec;
import org.ecoc4j.api.plugin.Options;
import org.ecoc4j.api.symbolic.Term;

/**
 * {@code random-binary-ensemble}: Hwang et al.'s random binary codebook ensemble. M replicas of
 * one architecture, each trained towards its own random binary codebook (MRBC, default) or all
 * towards one shared codebook (SRBC, {@code codebooks=shared}), with {@code tanh} outputs; all
 * members are trained together on the same batches with the loss of Eq. 4,
 * {@code sum_m L_m - w * EE}, where {@code L_m} is member m's mean squared error of
 * {@code tanh(o_m)} to its codeword (Eq. 3) and {@code EE} the entropy of the mean of the members'
 * posteriors {@code softmax_c(b_m,c . tanh(o_m))} (Eq. 5). Decoded by the nearest codeword per
 * member (Eq. 6) and MAP (Eq. 7) or vote (Eq. 8) across members. Defaults: K = 64, M = 3, w = 1.
 *
 * <p>The paper does not say how a member's posterior is computed. Here it is {@code
 * softmax_c(b_m,c . tanh(o_m) / T)} with T = K / 4 by default: at T = 1 the posteriors of K = 64
 * are nearly one-hot, and maximizing the ensemble entropy then drives the members to vote for
 * different classes (measured on the Fashion-MNIST sample: 69% clean accuracy with MAP and 8%
 * with vote, against 84% at T = 16).
 */
public final class RandomBinaryEnsembleDefense implements Defense {

  static final String CODEBOOKS = "codebooks";
  static final String ENTROPY_WEIGHT = "entropy-weight";
  static final String TEMPERATURE = "temperature";

  private static final List<OptionSpec> OPTIONS =
      List.of(
          DefenseOptions.members(3),
          DefenseOptions.codeLength(),
          OptionSpec.ofChoice(
              CODEBOOKS,
              "independent",
              "independent: one random codebook per member (MRBC); shared: one for all (SRBC)",
              "independent",
              "shared"),
          OptionSpec.ofDouble(
              ENTROPY_WEIGHT, 1.0, "weight w of the ensemble entropy subtracted from the loss"),
          OptionSpec.ofDouble(
              TEMPERATURE,
              null,
              "temperature T of each member's posterior softmax(b . tanh(o) / T), in the"
                  + " ensemble entropy and the decoder's MAP; default K / 4"),
          DefenseOptions.combine());

  /** The provider, for {@link java.util.ServiceLoader}. */
  public RandomBinaryEnsembleDefense() {
    // stateless
  }

  @Override
  public String name() {
    return "random-binary-ensemble";
  }

  @Override
  public String description() {
    return "ensemble of M networks on random binary codebooks (MRBC/SRBC), tanh outputs, MSE"
        + " minus ensemble entropy, nearest codeword + MAP/vote";
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
      Function<String, CodebookGenerator> generators) {
    DefenseOptions.checkClasses(classes);
    Options given = Options.parse(OPTIONS, options);
    int length = DefenseOptions.atLeast(given, DefenseOptions.CODE_LENGTH, 1);
    Options parsed =
        given.has(TEMPERATURE) ? given : given.derive(TEMPERATURE, Double.toString(length / 4.0));
    int members = DefenseOptions.atLeast(parsed, DefenseOptions.MEMBERS, 1);
    double weight = DefenseOptions.nonNegative(parsed, ENTROPY_WEIGHT);
    double temperature = parsed.getDouble(TEMPERATURE);
    if (!(temperature > 0) || !Double.isFinite(temperature)) {
      throw new org.ecoc4j.api.plugin.InvalidOptionException(
          TEMPERATURE, "option 'temperature' must be positive, got " + temperature);
    }
    float tau = (float) temperature;
    boolean shared = parsed.getString(CODEBOOKS).equals("shared");
    DrawnCodebooks drawn =
        DefenseOptions.randomBinary(generators, classes, length, members, shared, seed);
    List<Codebook> books = drawn.codebooks();
    float w = (float) weight;
    LossSpec loss =
        LossSpec.tanhSquaredError(books)
            .withTermLoss(
                "sum of members' MSE minus " + weight + " x ensemble entropy",
                t -> {
                  Term mse = CodewordTerms.squaredError(t, books);
                  Term entropy =
                      CodewordTerms.ensembleEntropy(t, CodewordTerms.posteriors(t, books, tau));
                  return t.sub(mse, t.mul(t.constant(w), entropy));
                });
    return CodewordDesign.of(
        name(), parsed, drawn, loss,
        Map.of(
            "combine", parsed.getString(DefenseOptions.COMBINE),
            "temperature", Double.toString(temperature)));
  }
}
