package org.ecoc4j.attacks;

import java.util.SplittableRandom;
import org.ecoc4j.api.attack.Budget;
import org.ecoc4j.api.attack.Norm;

/** The feasible set of one image: the budget's ball around the clean image, within the pixel range. */
final class Ball {

  private Ball() {}

  /**
   * Projects image {@code b} of {@code adversarial} onto the ball around the same image of
   * {@code clean}, then clips it to the pixel range (clipping towards a clean image inside the
   * range only shortens each coordinate of the perturbation, so the result stays in the ball).
   */
  static void project(float[] adversarial, float[] clean, int b, int size, Budget budget) {
    int from = b * size;
    float eps = (float) budget.epsilon();
    if (budget.norm() == Norm.LINF) {
      for (int i = from; i < from + size; i++) {
        float x = clean[i];
        float lo = Math.max(budget.lower(), x - eps);
        float hi = Math.min(budget.upper(), x + eps);
        adversarial[i] = Math.min(hi, Math.max(lo, adversarial[i]));
      }
      return;
    }
    double norm = 0;
    for (int i = from; i < from + size; i++) {
      double d = adversarial[i] - clean[i];
      norm += d * d;
    }
    norm = Math.sqrt(norm);
    double factor = norm > budget.epsilon() ? budget.epsilon() / norm * (1 - 1e-6) : 1;
    for (int i = from; i < from + size; i++) {
      float d = (float) ((adversarial[i] - clean[i]) * factor);
      adversarial[i] = Math.min(budget.upper(), Math.max(budget.lower(), clean[i] + d));
    }
  }

  /**
   * Puts image {@code b} of {@code adversarial} at a uniformly random point of the ball around the
   * clean image (uniform per coordinate for L-infinity, uniform in volume for L2), then clips it
   * to the pixel range.
   */
  static void randomStart(
      float[] adversarial, float[] clean, int b, int size, Budget budget, SplittableRandom random) {
    int from = b * size;
    double eps = budget.epsilon();
    if (budget.norm() == Norm.LINF) {
      for (int i = from; i < from + size; i++) {
        adversarial[i] = (float) (clean[i] + (2 * random.nextDouble() - 1) * eps);
      }
    } else {
      double[] direction = new double[size];
      double norm = 0;
      for (int i = 0; i < size; i++) {
        direction[i] = gaussian(random);
        norm += direction[i] * direction[i];
      }
      norm = Math.sqrt(norm);
      double radius = eps * Math.pow(random.nextDouble(), 1.0 / size);
      for (int i = 0; i < size; i++) {
        adversarial[from + i] = (float) (clean[from + i] + direction[i] / norm * radius);
      }
    }
    project(adversarial, clean, b, size, budget);
  }

  /** A standard normal draw (Box-Muller), from the given stream only. */
  static double gaussian(SplittableRandom random) {
    double u = 1 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
