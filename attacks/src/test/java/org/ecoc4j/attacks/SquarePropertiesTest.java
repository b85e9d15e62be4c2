package org.ecoc4j.attacks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.ecoc4j.api.attack.Budget;
import org.ecoc4j.api.attack.Goal;
import org.ecoc4j.api.attack.Norm;
import org.ecoc4j.api.data.ImageShape;

/**
 * Laws of {@code square} in both norms, over random image shapes (1 to 3 channels, sides from 1),
 * radii, goals, query budgets and seeds, on a non-linear objective: every image it queries lies in
 * the ball and the pixel range, it reads no gradient, and the point it returns is the best it
 * queried (an update is kept only where it improves the objective, so each sample's objective
 * never gets worse). Without clipping, every L2 query sits on the sphere of radius epsilon (the
 * paper's update moves budget between windows, it never loses any).
 */
class SquarePropertiesTest {

  @Property(tries = 120)
  void queriesStayFeasibleAndTheBestQueryIsReturned(
      @ForAll boolean l2,
      @ForAll boolean targeted,
      @ForAll @IntRange(min = 1, max = 3) int channels,
      @ForAll @IntRange(min = 1, max = 9) int height,
      @ForAll @IntRange(min = 1, max = 9) int width,
      @ForAll @DoubleRange(min = 0, max = 1) double radius,
      @ForAll @IntRange(min = 1, max = 3) int batch,
      @ForAll @IntRange(min = 1, max = 40) int queries,
      @ForAll long seed) {
    ImageShape shape = new ImageShape(channels, height, width);
    Budget budget = l2 ? Budget.of(Norm.L2, 3 * radius, 1) : Budget.of(Norm.LINF, radius / 2, 1);
    Random random = new Random(seed);
    float[] images = new float[batch * shape.size()];
    for (int i = 0; i < images.length; i++) {
      int kind = random.nextInt(4);
      images[i] = kind == 0 ? 0f : kind == 1 ? 1f : random.nextFloat();
    }
    int[] labels = new int[batch];
    for (int b = 0; b < batch; b++) {
      labels[b] = random.nextInt(3);
    }
    WavyOracle objective = wavy(shape, random);
    QueryLog log = new QueryLog(objective, budget, images);
    Goal goal = targeted ? Goal.TARGETED : Goal.UNTARGETED;
    float[] adversarial = new float[images.length];
    new SquareAttack()
        .prepare(Map.of("queries", Integer.toString(queries)))
        .perturb(log, budget, goal, images, labels, seed, adversarial);

    assertEquals(queries, log.losses.size(), "one batched query per iteration");
    assertEquals(0, log.gradientCalls, "square asked for a gradient");
    assertTrue(log.outsideRange.isEmpty(), "queried outside the pixel range: " + log.outsideRange);
    double limit = budget.epsilon() * (1 + 1e-5) + 1e-6;
    for (double[] norms : log.norms) {
      for (double norm : norms) {
        assertTrue(norm <= limit, "queried a perturbation of " + norm + " > " + budget.epsilon());
      }
    }
    float[] reached = new float[batch];
    objective.lossAndGradient(adversarial, labels, reached, new float[images.length]);
    for (int b = 0; b < batch; b++) {
      float best = log.losses.get(0)[b];
      for (float[] losses : log.losses) {
        if (goal.improves(losses[b], best)) {
          best = losses[b];
        }
      }
      assertEquals(best, reached[b], 0f, "sample " + b + " did not keep its best query");
    }
  }

  @Property(tries = 30)
  void withoutPInitEachNormGetsAutoAttacksValue(
      @ForAll boolean l2,
      @ForAll @IntRange(min = 1, max = 3) int channels,
      @ForAll @IntRange(min = 2, max = 9) int side,
      @ForAll @DoubleRange(min = 0.01, max = 0.5) double radius,
      @ForAll long seed) {
    Norm norm = l2 ? Norm.L2 : Norm.LINF;
    assertEquals(0.8, SquareAttack.P_INIT);
    ImageShape shape = new ImageShape(channels, side, side);
    Budget budget = Budget.of(norm, radius, 1);
    Random random = new Random(seed);
    float[] images = new float[2 * shape.size()];
    for (int i = 0; i < images.length; i++) {
      images[i] = random.nextFloat();
    }
    int[] labels = {0, 1};
    WavyOracle objective = wavy(shape, random);
    float[] byDefault = new float[images.length];
    new SquareAttack().prepare(Map.of("queries", "30"))
        .perturb(objective, budget, Goal.UNTARGETED, images, labels, seed, byDefault);
    float[] given = new float[images.length];
    new SquareAttack()
        .prepare(Map.of("queries", "30", "p-init", Double.toString(SquareAttack.P_INIT)))
        .perturb(objective, budget, Goal.UNTARGETED, images, labels, seed, given);
    assertArrayEquals(given, byDefault);
  }

  @Property(tries = 40)
  void l2QueriesWithoutClippingLieOnTheSphere(
      @ForAll @IntRange(min = 1, max = 3) int channels,
      @ForAll @IntRange(min = 3, max = 12) int side,
      @ForAll @DoubleRange(min = 0.01, max = 0.2) double radius,
      @ForAll long seed) {
    ImageShape shape = new ImageShape(channels, side, side);
    Budget budget = Budget.of(Norm.L2, radius, 1);
    Random random = new Random(seed);
    float[] images = new float[2 * shape.size()];
    for (int i = 0; i < images.length; i++) {
      images[i] = 0.3f + 0.4f * random.nextFloat();
    }
    QueryLog log = new QueryLog(wavy(shape, random), budget, images);
    new SquareAttack()
        .prepare(Map.of("queries", "30"))
        .perturb(log, budget, Goal.UNTARGETED, images, new int[] {0, 1}, seed,
            new float[images.length]);
    for (double[] norms : log.norms) {
      for (double norm : norms) {
        assertEquals(radius, norm, 1e-4 * radius, "perturbation norm of a query");
      }
    }
  }

  private static WavyOracle wavy(ImageShape shape, Random random) {
    float[] amplitude = new float[shape.size()];
    float[] frequency = new float[shape.size()];
    for (int i = 0; i < amplitude.length; i++) {
      amplitude[i] = (float) random.nextGaussian();
      frequency[i] = 1 + 20 * random.nextFloat();
    }
    return new WavyOracle(shape, amplitude, frequency, 0);
  }
}
