package org.ecoc4j.defenses;

import java.util.List;
import java.util.Map;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.defense.Defense;
import org.ecoc4j.api.defense.PreparedDefense;
import org.ecoc4j.api.plugin.OptionSpec;
import org.ecoc4j.api.plugin.Options;
import org.ecoc4j.api.plugin.PluginSource;

/**
 * {@code random-target}: Saito and Roy's random target encoding as the ensemble paper compares
 * with it: one network, one random binary code of length K chosen once, trained with the mean
 * squared error of {@code tanh(o)} to the label's codeword, decoded by the nearest codeword. The
 * code ({@code code}, random-binary by default) and the decoder ({@code decoder}, euclidean by
 * default) are options ({@link CodewordChoice}).
 */
public final class RandomTargetDefense implements Defense {

  private static final List<OptionSpec> OPTIONS =
      List.of(DefenseOptions.codeLength(), CodewordChoice.code(), CodewordChoice.decoder());

  /** The provider, for {@link java.util.ServiceLoader}. */
  public RandomTargetDefense() {
    // stateless
  }

  @Override
  public String name() {
    return "random-target";
  }

  @Override
  public String description() {
    return "one network on one random binary code (Saito and Roy), tanh outputs, MSE, nearest"
        + " codeword";
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
    DrawnCodebooks drawn = CodewordChoice.draw(plugins, given, classes, 1, false, seed);
    List<Codebook> books = drawn.codebooks();
    Options parsed =
        given.has(DefenseOptions.CODE_LENGTH)
            ? given
            : given.derive(
                DefenseOptions.CODE_LENGTH, Integer.toString(books.get(0).length()));
    LossSpec loss =
        LossSpec.tanhSquaredError(books)
            .withTermLoss(
                "MSE to the codeword",
                t -> CodewordTerms.squaredError(t, books, BitReduction.MEAN));
    Map<String, String> decoderOptions =
        CodewordChoice.decoderOptions(plugins, parsed, Map.of(), books,
            drawn.origin().generator());
    return CodewordDesign.of(name(), parsed, drawn, loss, decoderOptions);
  }
}
