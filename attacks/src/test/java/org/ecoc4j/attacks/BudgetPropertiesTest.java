package org.ecoc4j.attacks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.ecoc4j.api.attack.Attack;
import org.ecoc4j.api.attack.Budget;
import org.ecoc4j.api.attack.Goal;
import org.ecoc4j.api.attack.Norm;
import org.ecoc4j.api.attack.PreparedAttack;
import org.ecoc4j.api.backend.GradientOracle;
import org.ecoc4j.api.data.ImageShape;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Laws every attack obeys, for random images (pixels on the range's edges included), budgets,
 * goals, seeds and non-linear objectives with and without NaN gradients: the result stays in the
 * ball and in the pixel range, and the same seed gives the same result.
 */
class BudgetPropertiesTest {

  private static final ImageShape SHAPE = new ImageShape(2, 5, 4);

  static final List<Attack> ATTACKS =
      List.of(new FgsmAttack(), new BimAttack(), new PgdAttack(), new MimAttack(),
          new ApgdAttack(), new EotAttack(), new SquareAttack(), new FabAttack(),
          new CwL2Attack());

  /**
   * Each attack at the smallest and at the largest budget, batch and poison, then 150 cases whose
   * attack, norm, goal, radius, steps, batch and poisoned gradients are drawn from their seed; the
   * seed then draws the images and the objective, and seeds the attack.
   */
  static Stream<Arguments> budgets() {
    Stream<Arguments> edges = ATTACKS.stream().flatMap(attack -> Stream.of(
        Arguments.of(0L, named(attack), false, false, 0.0, 1, 1, 0),
        Arguments.of(-1L, named(attack), true, true, 0.6, 6, 3, 3)));
    Stream<Arguments> drawn = LongStream.range(0, 150).mapToObj(seed -> {
      SplittableRandom random = new SplittableRandom(seed);
      return Arguments.of(seed, named(ATTACKS.get(random.nextInt(ATTACKS.size()))),
          random.nextBoolean(), random.nextBoolean(), random.nextDouble(0, 0.6),
          random.nextInt(1, 7), random.nextInt(1, 4), random.nextInt(0, 4));
    });
    return Stream.concat(edges, drawn);
  }

  private static Named<Attack> named(Attack attack) {
    return Named.of(attack.name(), attack);
  }

  @ParameterizedTest(name = "seed={0} attack={1} l2={2} targeted={3} epsilon={4} steps={5} "
      + "batch={6} poison={7}")
  @MethodSource("budgets")
  void staysInBallAndRangeAndIsDeterministic(
      long seed,
      Attack attack,
      boolean l2,
      boolean targeted,
      double epsilon,
      int steps,
      int batch,
      int poison) {
    Norm norm = l2 ? Norm.L2 : Norm.LINF;
    if (norm == Norm.L2) {
      epsilon *= 4;
    }
    Budget budget = Budget.of(norm, epsilon, steps);
    Random random = new Random(seed);
    float[] images = new float[batch * SHAPE.size()];
    for (int i = 0; i < images.length; i++) {
      int kind = random.nextInt(5);
      images[i] = kind == 0 ? 0f : kind == 1 ? 1f : random.nextFloat();
    }
    int[] labels = new int[batch];
    for (int b = 0; b < batch; b++) {
      labels[b] = random.nextInt(3);
    }
    GradientOracle oracle = wavy(random, poison);
    Map<String, String> options =
        attack.name().equals("square")
            ? Map.of("queries", "30")
            : attack.name().equals("eot") ? Map.of("draws", "2", "noise", "0.1") : Map.of();
    PreparedAttack prepared = attack.prepare(options);
    Goal goal = targeted ? Goal.TARGETED : Goal.UNTARGETED;
    float[] adversarial = new float[images.length];
    prepared.perturb(oracle, budget, goal, images, labels, seed, adversarial);

    int size = SHAPE.size();
    for (int b = 0; b < batch; b++) {
      float[] delta = new float[size];
      for (int i = 0; i < size; i++) {
        float x = adversarial[b * size + i];
        assertTrue(x >= 0f && x <= 1f, attack.name() + ": pixel " + x + " outside [0, 1]");
        delta[i] = x - images[b * size + i];
      }
      double length = norm.of(delta, 0, size);
      assertTrue(
          length <= epsilon * (1 + 1e-5) + 1e-6,
          attack.name() + " " + norm + ": perturbation " + length + " exceeds " + epsilon);
    }
    float[] again = new float[images.length];
    prepared.perturb(oracle, budget, goal, images, labels, seed, again);
    assertArrayEquals(adversarial, again, attack.name() + " is not deterministic for a seed");
  }

  private static GradientOracle wavy(Random random, int poison) {
    float[] amplitude = new float[SHAPE.size()];
    float[] frequency = new float[SHAPE.size()];
    for (int i = 0; i < amplitude.length; i++) {
      amplitude[i] = (float) random.nextGaussian();
      frequency[i] = 1 + 20 * random.nextFloat();
    }
    return new WavyOracle(SHAPE, amplitude, frequency, poison);
  }
}
