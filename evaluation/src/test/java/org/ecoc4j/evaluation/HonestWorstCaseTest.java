package org.ecoc4j.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.ecoc4j.api.attack.Goal;
import org.ecoc4j.api.attack.Norm;
import org.ecoc4j.api.attack.PreparedAttack;
import org.ecoc4j.api.data.Split;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * AutoAttack's rules for the worst case, on the linear two-class network of {@link
 * LinearNetwork}: a sample the decoder gets wrong when clean never counts as robust, even when an
 * attack happens to move it to the right class; attacks that run only on the samples still
 * unbroken ({@link AttackRun#skippingBroken}) give the same worst-case robust accuracy as running
 * every attack on every sample, a worst case at most each member's own robust accuracy on the same samples, and
 * the report names the first attack that broke each sample.
 */
class HonestWorstCaseTest {

  private static final int COUNT = 120;
  private static final float TAU = 0.05f;
  private static final List<Double> EPSILONS = List.of(0.1, 0.3, 0.5);

  @Test
  void aSampleWrongWhenCleanNeverCountsAsRobust() {
    Random random = new Random(9);
    float[] images = new float[COUNT * 4];
    for (int i = 0; i < images.length; i++) {
      images[i] = random.nextFloat();
    }
    int[] labels = new int[COUNT];
    for (int b = 0; b < COUNT; b++) {
      // Every third sample is labelled against the clean decision: wrong when clean.
      int decided = LinearNetwork.margin(images, b * 4, 0) > 0 ? 0 : 1;
      labels[b] = b % 3 == 0 ? 1 - decided : decided;
    }
    Split split = Split.inMemory("test", LinearNetwork.SHAPE, 2, images, labels);
    PixelStepAttack pixel = new PixelStepAttack(0);
    // Moves pixel 0 towards the label: it repairs some samples that were wrong when clean.
    PreparedAttack helping = (oracle, budget, goal, x, y, seed, out) ->
        pixel.perturb(oracle, budget, Goal.TARGETED, x, y, seed, out);
    EvaluationPlan plan = new EvaluationPlan(
        List.of(new AttackRun(pixel, Map.of(), helping)), EPSILONS, new LinearMargin(),
        Norm.LINF, 1, Double.NaN, Goal.UNTARGETED, COUNT, 16, 3, 0);
    EvaluationResult result =
        new Evaluator(null).evaluate(new LinearNetwork(false), new MarginDecoder(TAU), split, plan);
    long repaired = 0;
    for (int e = 0; e < EPSILONS.size(); e++) {
      double epsilon = EPSILONS.get(e);
      long robust = 0;
      for (int b = 0; b < COUNT; b++) {
        double clean = LinearNetwork.margin(images, b * 4, labels[b]);
        double after = clean + raise(images, labels, b, epsilon);
        boolean cleanRight = clean >= TAU;
        robust += cleanRight && after >= TAU ? 1 : 0;
        repaired += !cleanRight && after >= TAU ? 1 : 0;
        String breaker = result.worstCase().get(e).breakers().get(b);
        if (!cleanRight) {
          assertEquals(Evaluator.CLEAN, breaker, "sample " + b);
        }
      }
      assertEquals(robust / (double) COUNT, result.worstCase().get(e).metrics().accuracy(), 1e-12,
          "epsilon " + epsilon);
      assertTrue(result.worstCase().get(e).metrics().accuracy()
          <= result.clean().accuracy() + 1e-12);
    }
    assertTrue(repaired > 0, "the attack should repair some samples that were wrong when clean");
  }

  static Stream<Arguments> suites() {
    Random random = new Random(17);
    return Stream.generate(() -> {
      List<Integer> pixels = new ArrayList<>();
      int members = 2 + random.nextInt(3);
      for (int m = 0; m < members; m++) {
        pixels.add(random.nextInt(4));
      }
      return Arguments.of(pixels, 1 + random.nextInt(20), random.nextLong());
    }).limit(10);
  }

  @ParameterizedTest
  @MethodSource("suites")
  void skippingBrokenSamplesKeepsTheWorstCaseAndItIsAtMostEveryMember(
      List<Integer> pixels, int batch, long seed) {
    Random random = new Random(seed);
    float[] images = new float[COUNT * 4];
    for (int i = 0; i < images.length; i++) {
      images[i] = random.nextFloat();
    }
    int[] labels = new int[COUNT];
    for (int b = 0; b < COUNT; b++) {
      labels[b] = LinearNetwork.margin(images, b * 4, 0) > 0 ? 0 : 1;
    }
    Split split = Split.inMemory("test", LinearNetwork.SHAPE, 2, images, labels);
    List<AttackRun> full = new ArrayList<>();
    List<AttackRun> skipping = new ArrayList<>();
    for (int m = 0; m < pixels.size(); m++) {
      AttackRun run = AttackRun.of(new PixelStepAttack(pixels.get(m)), Map.of())
          .named("member-" + m);
      full.add(run);
      skipping.add(m == 0 ? run : run.skippingBroken());
    }
    EvaluationResult all = evaluate(split, full, batch);
    EvaluationResult saved = evaluate(split, skipping, batch);
    for (int e = 0; e < EPSILONS.size(); e++) {
      WorstCaseResult worst = saved.worstCase().get(e);
      // Same robust accuracy; a skipped sample that one attack left rejected is not pushed on to
      // a wrong class, so success and rejection rates may differ.
      assertEquals(all.worstCase().get(e).metrics().accuracy(), worst.metrics().accuracy());
      assertEquals(all.worstCase().get(e).breakers(), worst.breakers());
      for (int m = 0; m < pixels.size(); m++) {
        AttackRun alone = full.get(m);
        Metrics own = evaluate(split, List.of(alone), batch).attacks().get(e).metrics();
        assertTrue(worst.metrics().accuracy() <= own.accuracy(), "member " + m + " " + own);
        Metrics after = saved.attacks().get(m * EPSILONS.size() + e).metrics();
        assertTrue(worst.metrics().accuracy() <= after.accuracy());
      }
      for (int b = 0; b < COUNT; b++) {
        assertEquals(firstBreaker(images, labels, b, pixels, EPSILONS.get(e)),
            worst.breakers().get(b), "sample " + b + " at " + EPSILONS.get(e));
      }
      long broken = worst.brokenBy().values().stream().mapToLong(Long::longValue).sum();
      long right = Math.round(worst.metrics().accuracy() * COUNT);
      assertEquals(COUNT, broken + right);
    }
  }

  private static EvaluationResult evaluate(Split split, List<AttackRun> runs, int batch) {
    EvaluationPlan plan = new EvaluationPlan(runs, EPSILONS, new LinearMargin(), Norm.LINF, 1,
        Double.NaN, Goal.UNTARGETED, COUNT, batch, 5, 0);
    return new Evaluator(null).evaluate(
        new LinearNetwork(false), new MarginDecoder(TAU), split, plan);
  }

  /** The closed form: clean rejected or wrong is "clean", else the first pixel attack to break. */
  private static String firstBreaker(
      float[] images, int[] labels, int b, List<Integer> pixels, double epsilon) {
    double clean = LinearNetwork.margin(images, b * 4, labels[b]);
    if (clean < TAU) {
      return Evaluator.CLEAN;
    }
    for (int m = 0; m < pixels.size(); m++) {
      if (clean - drop(images, labels, b, pixels.get(m), epsilon) < TAU) {
        return "member-" + m;
      }
    }
    return null;
  }

  /** How much moving pixel {@code p} by epsilon against the margin lowers it. */
  private static double drop(float[] images, int[] labels, int b, int pixel, double epsilon) {
    int y = labels[b];
    double weight = LinearNetwork.W[y][pixel] - LinearNetwork.W[1 - y][pixel];
    double x = images[b * 4 + pixel];
    double room = weight > 0 ? x : 1 - x;
    return Math.abs(weight) * Math.min(epsilon, room);
  }

  /** How much moving pixel 0 by epsilon along the margin raises it. */
  private static double raise(float[] images, int[] labels, int b, double epsilon) {
    int y = labels[b];
    double weight = LinearNetwork.W[y][0] - LinearNetwork.W[1 - y][0];
    double x = images[b * 4];
    double room = weight > 0 ? 1 - x : x;
    return Math.abs(weight) * Math.min(epsilon, room);
  }
}
