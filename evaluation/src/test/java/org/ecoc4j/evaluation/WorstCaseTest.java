package org.ecoc4j.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.ecoc4j.api.attack.Attack;
import org.ecoc4j.api.attack.Goal;
import org.ecoc4j.api.attack.Norm;
import org.ecoc4j.api.data.Split;
import org.junit.jupiter.api.Test;

/**
 * The per-sample worst case over attacks. On the linear two-class network of {@link LinearNetwork}
 * (labels on the side of the clean margin, pixels uniform in [0, 1]), an attack that moves only
 * pixel {@code p} by epsilon lowers a sample's margin by {@code |d_p| min(epsilon, room_p)}, {@code
 * d} the margin's weights and {@code room_p} how far the pixel can move before the clip; two such
 * attacks on different pixels break different samples, so the worst case (the smaller of the two
 * adversarial margins, decided by the rejecting {@link MarginDecoder}) is below both attacks'
 * robust accuracies. Laws: worst-case robust accuracy is at most every attack's, its success rate
 * at least every attack's.
 */
class WorstCaseTest {

  private static final int COUNT = 200;
  private static final float TAU = 0.05f;
  private static final List<Double> EPSILONS = List.of(0.1, 0.3, 0.5);

  private final float[] images = new float[COUNT * 4];
  private final int[] labels = new int[COUNT];
  private final Split split;

  WorstCaseTest() {
    Random random = new Random(5);
    for (int i = 0; i < images.length; i++) {
      images[i] = random.nextFloat();
    }
    for (int b = 0; b < COUNT; b++) {
      labels[b] = LinearNetwork.margin(images, b * 4, 0) > 0 ? 0 : 1;
    }
    split = Split.inMemory("test", LinearNetwork.SHAPE, 2, images, labels);
  }

  @Test
  void aSampleCountsRightOnlyIfNoAttackBrokeIt() {
    EvaluationResult result = new Evaluator(null).evaluate(new LinearNetwork(false),
        new MarginDecoder(TAU), split, plan(List.of(new PixelStepAttack(0),
            new PixelStepAttack(1)), EPSILONS, 7));
    assertEquals(EPSILONS.size(), result.worstCase().size());
    for (int e = 0; e < EPSILONS.size(); e++) {
      double epsilon = EPSILONS.get(e);
      Tally first = new Tally();
      Tally second = new Tally();
      Tally worst = new Tally();
      for (int b = 0; b < COUNT; b++) {
        double clean = LinearNetwork.margin(images, b * 4, labels[b]);
        double byFirst = clean - drop(b, 0, epsilon);
        double bySecond = clean - drop(b, 1, epsilon);
        boolean cleanRight = clean >= TAU;
        first.add(outcome(byFirst), cleanRight);
        second.add(outcome(bySecond), cleanRight);
        worst.add(outcome(Math.min(byFirst, bySecond)), cleanRight);
      }
      String at = "epsilon " + epsilon;
      assertEquals(first.metrics(), result.attacks().get(e).metrics(), at);
      assertEquals(second.metrics(), result.attacks().get(EPSILONS.size() + e).metrics(), at);
      assertEquals(epsilon, result.worstCase().get(e).epsilon());
      assertEquals(worst.metrics(), result.worstCase().get(e).metrics(), at);
    }
    Metrics first = result.attacks().get(EPSILONS.size() - 1).metrics();
    Metrics second = result.attacks().get(2 * EPSILONS.size() - 1).metrics();
    Metrics worst = result.worstCase().get(EPSILONS.size() - 1).metrics();
    assertTrue(worst.accuracy() < Math.min(first.accuracy(), second.accuracy()),
        "each attack must break samples the other leaves right: " + first + " " + second + " "
            + worst);
    assertTrue(worst.successRate() > Math.max(first.successRate(), second.successRate()),
        first + " " + second + " " + worst);
  }

  @Test
  void oneAttackIsItsOwnWorstCase() {
    EvaluationResult result = new Evaluator(null).evaluate(new LinearNetwork(false),
        new MarginDecoder(TAU), split, plan(List.of(new PixelStepAttack(2)), EPSILONS, 8));
    for (int e = 0; e < EPSILONS.size(); e++) {
      assertEquals(result.attacks().get(e).metrics(), result.worstCase().get(e).metrics());
    }
  }

  @Property(tries = 40)
  void worstCaseIsNoBetterThanAnyAttack(
      @ForAll @Size(min = 1, max = 4) List<@IntRange(min = 0, max = 4) Integer> attacks,
      @ForAll @Size(min = 1, max = 3) List<@DoubleRange(min = 0, max = 0.7) Double> epsilons,
      @ForAll @IntRange(min = 1, max = 16) int batch) {
    List<Attack> plugins = new ArrayList<>();
    for (int a : attacks) {
      plugins.add(a < 4 ? new PixelStepAttack(a) : Plugins.find(Attack.class, "fgsm"));
    }
    EvaluationResult result = new Evaluator(null).evaluate(new LinearNetwork(false),
        new MarginDecoder(TAU), split, plan(plugins, epsilons, batch));
    for (WorstCaseResult worst : result.worstCase()) {
      for (AttackResult r : result.attacks()) {
        if (r.epsilon() == worst.epsilon()) {
          assertTrue(worst.metrics().accuracy() <= r.metrics().accuracy(), r + " " + worst);
          assertTrue(worst.metrics().successRate() >= r.metrics().successRate(), r + " " + worst);
        }
      }
    }
  }

  @Property(tries = 200)
  void tallyOfWorstOutcomesFollowsTheLaws(
      @ForAll("outcomes") List<List<Outcome>> byAttack, @ForAll long seed) {
    int samples = byAttack.get(0).size();
    Random random = new Random(seed);
    boolean[] cleanRight = new boolean[samples];
    for (int b = 0; b < samples; b++) {
      cleanRight[b] = random.nextBoolean();
    }
    Tally worst = new Tally();
    List<Metrics> each = new ArrayList<>();
    long rightEverywhere = 0;
    for (int b = 0; b < samples; b++) {
      Outcome w = Outcome.RIGHT;
      boolean right = true;
      for (List<Outcome> attack : byAttack) {
        w = w.worst(attack.get(b));
        right &= attack.get(b) == Outcome.RIGHT;
      }
      worst.add(w, cleanRight[b]);
      rightEverywhere += right ? 1 : 0;
    }
    for (List<Outcome> attack : byAttack) {
      Tally tally = new Tally();
      for (int b = 0; b < samples; b++) {
        tally.add(attack.get(b), cleanRight[b]);
      }
      each.add(tally.metrics());
    }
    Metrics w = worst.metrics();
    assertEquals(rightEverywhere / (double) samples, w.accuracy(), 1e-12);
    for (Metrics m : each) {
      assertTrue(w.accuracy() <= m.accuracy(), m + " " + w);
      assertTrue(Double.isNaN(m.successRate()) || w.successRate() >= m.successRate(),
          m + " " + w);
    }
  }

  @Provide
  Arbitrary<List<List<Outcome>>> outcomes() {
    return Arbitraries.integers().between(1, 30).flatMap(samples ->
        Arbitraries.of(Outcome.class).list().ofSize(samples).list().ofMinSize(1).ofMaxSize(5));
  }

  @Test
  void worseIsLaterInTheOrder() {
    assertEquals(Outcome.REJECTED, Outcome.RIGHT.worst(Outcome.REJECTED));
    assertEquals(Outcome.WRONG, Outcome.WRONG.worst(Outcome.REJECTED));
    assertEquals(Outcome.SUCCESS, Outcome.WRONG.worst(Outcome.SUCCESS));
    assertEquals(Outcome.RIGHT, Outcome.RIGHT.worst(Outcome.RIGHT));
  }

  /** How much the attack on {@code pixel} lowers sample {@code b}'s margin. */
  private double drop(int b, int pixel, double epsilon) {
    int y = labels[b];
    double weight = LinearNetwork.W[y][pixel] - LinearNetwork.W[1 - y][pixel];
    double x = images[b * 4 + pixel];
    double room = weight > 0 ? x : 1 - x;
    return Math.abs(weight) * Math.min(epsilon, room);
  }

  private static Outcome outcome(double margin) {
    if (margin >= TAU) {
      return Outcome.RIGHT;
    }
    return margin <= -TAU ? Outcome.SUCCESS : Outcome.REJECTED;
  }

  private static EvaluationPlan plan(List<Attack> attacks, List<Double> epsilons, int batch) {
    List<AttackRun> runs = attacks.stream().map(a -> AttackRun.of(a, Map.of())).toList();
    return new EvaluationPlan(runs, epsilons, new LinearMargin(), Norm.LINF, 3, Double.NaN,
        Goal.UNTARGETED, COUNT, batch, 13, 0);
  }
}
