package org.ecoc4j.attacks;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ecoc4j.api.attack.Attack;
import org.ecoc4j.api.attack.PreparedAttack;
import org.ecoc4j.api.plugin.InvalidOptionException;
import org.ecoc4j.api.plugin.OptionSpec;
import org.ecoc4j.api.plugin.Options;

/**
 * {@code eot}: expectation over transformation (Athalye et al. 2018) around a white-box attack:
 * every loss and gradient the inner attack asks for is the mean over {@code draws} calls of the
 * oracle, each optionally at the image plus Gaussian noise (clipped to the pixel range, drawn per
 * sample from the seed and the sample's position, so that results do not depend on which samples
 * share a batch). Use it against randomized models
 * (whose oracle draws new randomness per call) and randomized input transforms.
 */
public final class EotAttack implements Attack {

  private static final Map<String, Attack> INNER =
      Map.of("fgsm", new FgsmAttack(), "bim", new BimAttack(), "pgd", new PgdAttack(),
          "mim", new MimAttack(), "apgd", new ApgdAttack(), "fab", new FabAttack());

  private static final List<OptionSpec> OPTIONS =
      List.of(
          OptionSpec.ofChoice("attack", "pgd", "the white-box attack to wrap", "fgsm", "bim",
              "pgd", "mim", "apgd", "fab"),
          OptionSpec.ofInt("draws", 10, "oracle calls averaged per loss and gradient"),
          OptionSpec.ofDouble(
              "noise", 0.0, "standard deviation of Gaussian input noise per draw (0: none)"),
          PgdAttack.RESTARTS,
          PgdAttack.RANDOM_START,
          MimAttack.DECAY);

  @Override
  public String name() {
    return "eot";
  }

  @Override
  public String description() {
    return "expectation over transformation: a white-box attack on gradients averaged over draws";
  }

  @Override
  public List<OptionSpec> options() {
    return OPTIONS;
  }

  @Override
  public boolean usesGradients() {
    return true;
  }

  @Override
  public PreparedAttack prepare(Map<String, String> options) {
    Options parsed = Options.parse(options(), options);
    int draws = parsed.getInt("draws");
    if (draws < 1) {
      throw new InvalidOptionException("draws", "option 'draws' must be at least 1, got " + draws);
    }
    double noise = parsed.getDouble("noise");
    if (noise < 0) {
      throw new InvalidOptionException("noise", "option 'noise' must be >= 0, got " + noise);
    }
    Attack attack = INNER.get(parsed.getString("attack"));
    Map<String, String> innerOptions = new HashMap<>();
    for (OptionSpec spec : attack.options()) {
      if (options.containsKey(spec.name())) {
        innerOptions.put(spec.name(), options.get(spec.name()));
      }
    }
    for (String name : options.keySet()) {
      boolean own = List.of("attack", "draws", "noise").contains(name);
      boolean inner = attack.options().stream().anyMatch(s -> s.name().equals(name));
      if (!own && !inner) {
        throw new InvalidOptionException(
            name, "option '" + name + "' does not apply to the wrapped attack " + attack.name());
      }
    }
    PreparedAttack prepared = attack.prepare(innerOptions);
    return (oracle, budget, goal, images, labels, seed, adversarial) -> {
      try (AveragingOracle averaged = new AveragingOracle(
          oracle, draws, noise, seed, budget.lower(), budget.upper())) {
        prepared.perturb(averaged, budget, goal, images, labels, seed, adversarial);
      }
    };
  }
}
