package org.ecoc4j.attacks;

import java.util.List;
import java.util.Map;
import org.ecoc4j.api.attack.Attack;
import org.ecoc4j.api.attack.Budget;
import org.ecoc4j.api.attack.Goal;
import org.ecoc4j.api.attack.PreparedAttack;
import org.ecoc4j.api.backend.GradientOracle;
import org.ecoc4j.api.plugin.OptionSpec;
import org.ecoc4j.api.plugin.Options;

/**
 * {@code fgsm}: the fast gradient sign method of Goodfellow et al. (2015), one step of size
 * epsilon from the clean image along {@code sign(gradient)} (L-infinity), or along
 * {@code gradient / ||gradient||_2} (L2, the fast gradient method), then clipped to the pixel
 * range. The budget's steps and step size are not used.
 */
public final class FgsmAttack implements Attack {

  @Override
  public String name() {
    return "fgsm";
  }

  @Override
  public String description() {
    return "fast gradient sign method: one step of size epsilon (L-infinity or L2)";
  }

  @Override
  public List<OptionSpec> options() {
    return List.of();
  }

  @Override
  public boolean usesGradients() {
    return true;
  }

  @Override
  public PreparedAttack prepare(Map<String, String> options) {
    Options.parse(options(), options);
    return FgsmAttack::perturb;
  }

  private static void perturb(
      GradientOracle oracle,
      Budget budget,
      Goal goal,
      float[] images,
      int[] labels,
      long seed,
      float[] adversarial) {
    int size = BatchCheck.check(oracle, budget, images, labels, adversarial);
    float[] gradient = new float[images.length];
    oracle.lossAndGradient(images, labels, new float[labels.length], gradient);
    System.arraycopy(images, 0, adversarial, 0, images.length);
    for (int b = 0; b < labels.length; b++) {
      SteepestStep.apply(
          adversarial, gradient, b, size, budget.norm(), budget.epsilon(), goal.direction());
      Ball.project(adversarial, images, b, size, budget);
    }
  }
}
