package org.ecoc4j.defenses;

import java.util.List;
import java.util.Map;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.defense.Defense;
import org.ecoc4j.api.defense.PreparedDefense;
import org.ecoc4j.api.plugin.InvalidOptionException;
import org.ecoc4j.api.plugin.OptionSpec;
import org.ecoc4j.api.plugin.Options;
import org.ecoc4j.api.plugin.PluginSource;
import org.ecoc4j.api.symbolic.Term;

/**
 * {@code random-binary-ensemble}: Hwang et al.'s random binary codebook ensemble. M replicas of
 * one architecture, each trained towards its own random binary codebook (MRBC, default) or all
 * towards one shared codebook (SRBC, {@code codebooks=shared}), with {@code tanh} outputs; all
 * members are trained together on the same batches with the loss of Eq. 4,
 * {@code sum_m L_m - w * EE}, where {@code L_m} is member m's squared error of {@code tanh(o_m)}
 * to its codeword reduced over the K bits by {@code bit-reduction} ({@code sum}: the squared norm
 * of Eq. 3; {@code mean}: divided by K, the default for now) and {@code EE} the entropy of the
 * mean of the members' posteriors {@code softmax_c(b_m,c . tanh(o_m))} (Eq. 5). Decoded by the
 * nearest codeword per member (Eq. 6) and MAP (Eq. 7) or vote (Eq. 8) across members. Defaults:
 * K = 64, M = 3, w = 1. The code ({@code code}, random-binary by default) and the decoder
 * ({@code decoder}, euclidean by default) are options ({@link CodewordChoice}).
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
          CodewordChoice.code(),
          CodewordChoice.decoder(),
          BitReduction.option(),
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
      int classes, long seed, Map<String, String> options, PluginSource plugins) {
    DefenseOptions.checkClasses(classes);
    Options given = Options.parse(OPTIONS, options);
    if (given.has(DefenseOptions.CODE_LENGTH)) {
      DefenseOptions.atLeast(given, DefenseOptions.CODE_LENGTH, 1);
    }
    int members = DefenseOptions.atLeast(given, DefenseOptions.MEMBERS, 1);
    double weight = DefenseOptions.nonNegative(given, ENTROPY_WEIGHT);
    if (given.has(TEMPERATURE)) {
      checkTemperature(given.getDouble(TEMPERATURE));
    }
    boolean shared = given.getString(CODEBOOKS).equals("shared");
    DrawnCodebooks drawn = CodewordChoice.draw(plugins, given, classes, members, shared, seed);
    List<Codebook> books = drawn.codebooks();
    int length = books.get(0).length();
    Options withLength =
        given.has(DefenseOptions.CODE_LENGTH)
            ? given
            : given.derive(DefenseOptions.CODE_LENGTH, Integer.toString(length));
    Options parsed =
        withLength.has(TEMPERATURE)
            ? withLength
            : withLength.derive(TEMPERATURE, Double.toString(length / 4.0));
    double temperature = parsed.getDouble(TEMPERATURE);
    float tau = (float) temperature;
    BitReduction reduction = BitReduction.ofWord(parsed.getString(BitReduction.OPTION));
    float w = (float) weight;
    LossSpec loss =
        LossSpec.tanhSquaredError(books)
            .withTermLoss(
                "sum of members' " + (reduction == BitReduction.MEAN ? "MSE" : "squared error")
                    + " minus " + weight + " x ensemble entropy",
                t -> {
                  Term mse = CodewordTerms.squaredError(t, books, reduction);
                  Term entropy =
                      CodewordTerms.ensembleEntropy(t, CodewordTerms.posteriors(t, books, tau));
                  return t.sub(mse, t.mul(t.constant(w), entropy));
                });
    Map<String, String> decoderOptions =
        CodewordChoice.decoderOptions(
            plugins, parsed,
            Map.of(
                DefenseOptions.COMBINE, parsed.getString(DefenseOptions.COMBINE),
                TEMPERATURE, Double.toString(temperature)),
            books, drawn.origin().generator());
    return CodewordDesign.of(name(), parsed, drawn, loss, decoderOptions);
  }

  private static void checkTemperature(double temperature) {
    if (!(temperature > 0) || !Double.isFinite(temperature)) {
      throw new InvalidOptionException(
          TEMPERATURE, "option 'temperature' must be positive, got " + temperature);
    }
  }
}
