package org.ecoc4j.evaluation;

import java.util.List;
import java.util.Map;
import org.ecoc4j.api.attack.Attack;
import org.ecoc4j.api.attack.Budget;
import org.ecoc4j.api.attack.Goal;
import org.ecoc4j.api.attack.PreparedAttack;
import org.ecoc4j.api.backend.GradientOracle;
import org.ecoc4j.api.plugin.OptionSpec;

/**
 * A test attack that moves one pixel only: by epsilon along the sign of the objective's gradient
 * (against it when targeted), clipped to the pixel range. Two of them on different pixels break
 * different samples of a linear network once clipping bites, which is what the worst case over
 * attacks is about.
 */
final class PixelStepAttack implements Attack, PreparedAttack {

  private final int pixel;

  PixelStepAttack(int pixel) {
    this.pixel = pixel;
  }

  @Override
  public String name() {
    return "pixel-" + pixel;
  }

  @Override
  public String description() {
    return "moves pixel " + pixel + " by epsilon along the gradient's sign";
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
    return this;
  }

  @Override
  public void perturb(GradientOracle oracle, Budget budget, Goal goal, float[] images,
      int[] labels, long seed, float[] adversarial) {
    int size = oracle.inputShape().size();
    float[] losses = new float[labels.length];
    float[] gradient = new float[images.length];
    oracle.lossAndGradient(images, labels, losses, gradient);
    System.arraycopy(images, 0, adversarial, 0, images.length);
    float direction = goal == Goal.TARGETED ? -1f : 1f;
    for (int b = 0; b < labels.length; b++) {
      int i = b * size + pixel;
      float moved = images[i] + direction * Math.signum(gradient[i]) * (float) budget.epsilon();
      adversarial[i] = Math.min(budget.upper(), Math.max(budget.lower(), moved));
    }
  }
}
