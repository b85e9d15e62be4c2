package org.ecoc4j.defenses;

import java.util.List;
import java.util.Map;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.defense.Defense;
import org.ecoc4j.api.defense.PreparedDefense;
import org.ecoc4j.api.plugin.InvalidOptionException;
import org.ecoc4j.api.plugin.OptionSpec;
import org.ecoc4j.api.plugin.Options;
import org.ecoc4j.api.plugin.PluginSource;

/**
 * {@code mixup}: Zhang, Cisse, Dauphin and Lopez-Paz, "mixup: Beyond Empirical Risk Minimization"
 * (ICLR 2018), the baseline coded-smoothing's reviewers compared it with. A one-hot network is
 * trained on convex combinations {@code x~_b = lambda_b x_b + (1 - lambda_b) x_p(b)} of the
 * batch's images with the same combinations of their one-hot labels, {@code lambda ~
 * Beta(alpha, alpha)}; its loss is the cross-entropy to the mixed label. Deployed exactly as
 * {@code one-hot}.
 *
 * <p>As in the paper, each training step draws its own mixing ({@link MixupTraining}, a mixing
 * {@linkplain org.ecoc4j.api.symbolic.BatchMixing#drawnPerStep drawn per step}): one {@code
 * lambda ~ Beta(alpha, alpha)} for the batch and a fresh random permutation {@code p} of its
 * positions, from a seed derived from the run's seed, the epoch and the batch, so a resumed run
 * draws the uninterrupted run's mixings. Default alpha = 1.
 */
public final class MixupDefense implements Defense {

  static final String ALPHA = "alpha";

  private static final List<OptionSpec> OPTIONS =
      List.of(OptionSpec.ofDouble(ALPHA, 1.0, "alpha > 0 of the Beta(alpha, alpha) mixing weights"));

  /** The provider, for {@link java.util.ServiceLoader}. */
  public MixupDefense() {
    // stateless
  }

  @Override
  public String name() {
    return "mixup";
  }

  @Override
  public String description() {
    return "baseline: one network trained on Beta(alpha, alpha) mixtures of image pairs and their"
        + " labels (Zhang et al.)";
  }

  @Override
  public List<OptionSpec> options() {
    return OPTIONS;
  }

  @Override
  public PreparedDefense prepare(
      int classes, long seed, Map<String, String> options, PluginSource plugins) {
    DefenseOptions.checkClasses(classes);
    Options parsed = Options.parse(OPTIONS, options);
    double alpha = parsed.getDouble(ALPHA);
    if (!(alpha > 0) || !Double.isFinite(alpha)) {
      throw new InvalidOptionException(
          ALPHA, "option 'alpha' must be positive and finite, got " + alpha);
    }
    LossSpec loss =
        LossSpec.crossEntropy(classes)
            .withTermLoss("softmax cross-entropy", t -> LogitTerms.crossEntropy(t, 1, classes));
    return new MixupDesign(
        new LogitDesign(name(), parsed.asText(), 1, classes, loss, "map"), alpha);
  }
}
