package org.ecoc4j.attacks;

import java.util.List;
import java.util.Map;
import org.ecoc4j.api.attack.Attack;
import org.ecoc4j.api.attack.PreparedAttack;
import org.ecoc4j.api.plugin.InvalidOptionException;
import org.ecoc4j.api.plugin.OptionSpec;
import org.ecoc4j.api.plugin.Options;

/**
 * {@code cw-l2}: the L2 attack of Carlini and Wagner, "Towards Evaluating the Robustness of Neural
 * Networks" (IEEE S&amp;P 2017), a minimum-norm attack: minimise {@code ||x - x0||^2 + c
 * max(kappa - g(x), 0)} over the tanh change of variables {@code x = lower + (upper - lower)
 * (tanh(w) + 1) / 2} (so every iterate is a valid image) with Adam, where {@code g} is the
 * objective in the goal's direction (use {@code margin}, whose zero level is the decision
 * boundary), and binary-search the constant {@code c} per sample ({@link CwL2Search}). The
 * budget's steps are the Adam iterations of each search step; its step size is not used. Each
 * sample keeps its closest adversarial point, returned when it lies in the budget's ball (the
 * clean image otherwise): a large epsilon gives the unconstrained minimal perturbation. Reference
 * settings from the paper's code: learning rate 0.01, initial constant 0.001, 9 search steps,
 * confidence 0.
 */
public final class CwL2Attack implements Attack {

  private static final List<OptionSpec> OPTIONS =
      List.of(
          OptionSpec.ofDouble("confidence", 0.0,
              "kappa: the margin a point must reach to count as adversarial, >= 0 (paper: 0)"),
          OptionSpec.ofDouble("initial-c", 1e-3,
              "first constant c of the binary search, > 0 (paper's code: 0.001)"),
          OptionSpec.ofInt("binary-steps", 9, "binary search steps over c, >= 1 (paper's code: 9)"),
          OptionSpec.ofDouble("learning-rate", 0.01,
              "Adam's learning rate on the tanh variables, > 0 (paper's code: 0.01)"));

  @Override
  public String name() {
    return "cw-l2";
  }

  @Override
  public String description() {
    return "Carlini-Wagner L2 (2017): minimum-norm attack, tanh variables, Adam, binary search"
        + " over c (use margin)";
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
    double confidence = parsed.getDouble("confidence");
    if (!(confidence >= 0) || !Double.isFinite(confidence)) {
      throw new InvalidOptionException(
          "confidence", "option 'confidence' must be finite and >= 0, got " + confidence);
    }
    double initialC = parsed.getDouble("initial-c");
    if (!(initialC > 0) || !Double.isFinite(initialC)) {
      throw new InvalidOptionException(
          "initial-c", "option 'initial-c' must be finite and > 0, got " + initialC);
    }
    int binarySteps = parsed.getInt("binary-steps");
    if (binarySteps < 1) {
      throw new InvalidOptionException(
          "binary-steps", "option 'binary-steps' must be at least 1, got " + binarySteps);
    }
    double rate = parsed.getDouble("learning-rate");
    if (!(rate > 0) || !Double.isFinite(rate)) {
      throw new InvalidOptionException(
          "learning-rate", "option 'learning-rate' must be finite and > 0, got " + rate);
    }
    return new CwL2Search(confidence, initialC, binarySteps, rate)::run;
  }
}
