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

/**
 * {@code random-target}: Saito and Roy's random target encoding as the ensemble paper compares
 * with it: one network, one random binary code of length K chosen once, trained with the mean
 * squared error of {@code tanh(o)} to the label's codeword, decoded by the nearest codeword.
 */
public final class RandomTargetDefense implements Defense {

  private static final List<OptionSpec> OPTIONS = List.of(DefenseOptions.codeLength());

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
      int classes,
      long seed,
      Map<String, String> options,
      Function<String, CodebookGenerator> generators) {
    DefenseOptions.checkClasses(classes);
    Options parsed = Options.parse(OPTIONS, options);
    int length = DefenseOptions.atLeast(parsed, DefenseOptions.CODE_LENGTH, 1);
    DrawnCodebooks drawn =
        DefenseOptions.randomBinary(generators, classes, length, 1, false, seed);
    List<Codebook> books = drawn.codebooks();
    LossSpec loss =
        LossSpec.tanhSquaredError(books)
            .withTermLoss("MSE to the codeword", t -> CodewordTerms.squaredError(t, books));
    return CodewordDesign.of(name(), parsed, drawn, loss, Map.of());
  }
}
