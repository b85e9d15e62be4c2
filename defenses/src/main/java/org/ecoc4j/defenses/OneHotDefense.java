package org.ecoc4j.defenses;

import java.util.List;
import java.util.Map;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.defense.Defense;
import org.ecoc4j.api.defense.PreparedDefense;
import org.ecoc4j.api.plugin.OptionSpec;
import org.ecoc4j.api.plugin.Options;
import org.ecoc4j.api.plugin.PluginSource;

/**
 * {@code one-hot}: the undefended baseline, one network with N logits trained with softmax
 * cross-entropy and decided by the largest logit.
 */
public final class OneHotDefense implements Defense {

  /** The provider, for {@link java.util.ServiceLoader}. */
  public OneHotDefense() {
    // stateless
  }

  @Override
  public String name() {
    return "one-hot";
  }

  @Override
  public String description() {
    return "baseline: one network, softmax cross-entropy on one-hot labels";
  }

  @Override
  public List<OptionSpec> options() {
    return List.of();
  }

  @Override
  public PreparedDefense prepare(
      int classes,
      long seed,
      Map<String, String> options,
      PluginSource plugins) {
    DefenseOptions.checkClasses(classes);
    Options parsed = Options.parse(options(), options);
    LossSpec loss =
        LossSpec.crossEntropy(classes)
            .withTermLoss("softmax cross-entropy", t -> LogitTerms.crossEntropy(t, 1, classes));
    return new LogitDesign(name(), parsed.asText(), 1, classes, loss, "map");
  }
}
