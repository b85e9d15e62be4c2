package org.ecoc4j.attacks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.ecoc4j.api.attack.Budget;
import org.ecoc4j.api.attack.Goal;
import org.ecoc4j.api.attack.Norm;
import org.ecoc4j.api.data.ImageShape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Laws of {@code square} in both norms, over random image shapes (1 to 3 channels, sides from 1),
 * radii, goals, query budgets and seeds, on a non-linear objective: every image it queries lies in
 * the ball and the pixel range, it reads no gradient, and the point it returns is the best it
 * queried (an update is kept only where it improves the objective, so each sample's objective
 * never gets worse). Without clipping, every L2 query sits on the sphere of radius epsilon (the
 * paper's update moves budget between windows, it never loses any).
 */
class SquarePropertiesTest {

  /**
   * The smallest and the largest shape, radius, batch and query budget in both norms, then 120
   * cases whose settings are drawn from their seed; the seed then draws the images and the
   * objective, and seeds the attack.
   */
  static Stream<Arguments> searches() {
    Stream<Arguments> edges = Stream.of(
        Arguments.of(0L, false, false, 1, 1, 1, 0.0, 1, 1),
        Arguments.of(-1L, true, true, 1, 1, 1, 0.0, 1, 1),
        Arguments.of(Long.MIN_VALUE, false, true, 3, 9, 9, 1.0, 3, 40),
        Arguments.of(Long.MAX_VALUE, true, false, 3, 9, 9, 1.0, 3, 40));
    Stream<Arguments> drawn = LongStream.range(0, 120).mapToObj(seed -> {
      SplittableRandom random = new SplittableRandom(seed);
      return Arguments.of(seed, random.nextBoolean(), random.nextBoolean(), random.nextInt(1, 4),
          random.nextInt(1, 10), random.nextInt(1, 10), random.nextDouble(0, 1),
          random.nextInt(1, 4), random.nextInt(1, 41));
    });
    return Stream.concat(edges, drawn);
  }

  @ParameterizedTest(name = "seed={0} l2={1} targeted={2} channels={3} height={4} width={5} "
      + "radius={6} batch={7} queries={8}")
  @MethodSource("searches")
  void queriesStayFeasibleAndTheBestQueryIsReturned(
      long seed,
      boolean l2,
      boolean targeted,
      int channels,
      int height,
      int width,
      double radius,
      int batch,
      int queries) {
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

  /**
   * The smallest and the largest image and radius in both norms, then 30 cases whose norm, shape
   * and radius are drawn from their seed; the seed then draws the images and the objective.
   */
  static Stream<Arguments> normsAndShapes() {
    Stream<Arguments> edges = Stream.of(
        Arguments.of(0L, false, 1, 2, 0.01), Arguments.of(-1L, true, 1, 2, 0.01),
        Arguments.of(Long.MIN_VALUE, false, 3, 9, 0.5),
        Arguments.of(Long.MAX_VALUE, true, 3, 9, 0.5));
    Stream<Arguments> drawn = LongStream.range(0, 30).mapToObj(seed -> {
      SplittableRandom random = new SplittableRandom(seed);
      return Arguments.of(seed, random.nextBoolean(), random.nextInt(1, 4), random.nextInt(2, 10),
          random.nextDouble(0.01, 0.5));
    });
    return Stream.concat(edges, drawn);
  }

  @ParameterizedTest(name = "seed={0} l2={1} channels={2} side={3} radius={4}")
  @MethodSource("normsAndShapes")
  void withoutPInitEachNormGetsAutoAttacksValue(
      long seed, boolean l2, int channels, int side, double radius) {
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

  /**
   * The smallest and the largest image and radius, then 40 cases whose shape and radius are drawn
   * from their seed; the seed then draws the images and the objective.
   */
  static Stream<Arguments> spheres() {
    Stream<Arguments> edges = Stream.of(
        Arguments.of(0L, 1, 3, 0.01), Arguments.of(-1L, 3, 12, 0.2),
        Arguments.of(Long.MIN_VALUE, 1, 12, 0.2), Arguments.of(Long.MAX_VALUE, 3, 3, 0.01));
    Stream<Arguments> drawn = LongStream.range(0, 40).mapToObj(seed -> {
      SplittableRandom random = new SplittableRandom(seed);
      return Arguments.of(seed, random.nextInt(1, 4), random.nextInt(3, 13),
          random.nextDouble(0.01, 0.2));
    });
    return Stream.concat(edges, drawn);
  }

  @ParameterizedTest(name = "seed={0} channels={1} side={2} radius={3}")
  @MethodSource("spheres")
  void l2QueriesWithoutClippingLieOnTheSphere(long seed, int channels, int side, double radius) {
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
