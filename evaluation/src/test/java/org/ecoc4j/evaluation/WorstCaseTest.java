package org.ecoc4j.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.ecoc4j.api.attack.Attack;
import org.ecoc4j.api.attack.Goal;
import org.ecoc4j.api.attack.Norm;
import org.ecoc4j.api.data.Split;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

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

  /**
   * The minimal-perturbation report: an attack moving pixel 0 moves each sample by {@code
   * min(epsilon, room)} in L2, so its median L2 must be the median of that over the samples right
   * when clean it turned into a wrong class, computed by hand; NaN at radius 0 (no success).
   */
  @Test
  void medianL2IsTheMedianDistanceOfTheSuccessfulExamples(@TempDir Path folder)
      throws IOException {
    List<Double> epsilons = List.of(0.0, 0.3, 0.5);
    EvaluationResult result = new Evaluator(null).evaluate(new LinearNetwork(false),
        new MarginDecoder(TAU), split, plan(List.of(new PixelStepAttack(0)), epsilons, 7));
    assertTrue(Double.isNaN(result.attacks().get(0).medianL2()), "no success at radius 0");
    for (int e = 1; e < epsilons.size(); e++) {
      double epsilon = epsilons.get(e);
      List<Double> moves = new ArrayList<>();
      for (int b = 0; b < COUNT; b++) {
        double clean = LinearNetwork.margin(images, b * 4, labels[b]);
        if (clean >= TAU && outcome(clean - drop(b, 0, epsilon)) == Outcome.SUCCESS) {
          moves.add(drop(b, 0, epsilon) / Math.abs(weight(b, 0)));
        }
      }
      Collections.sort(moves);
      int n = moves.size();
      assertTrue(n > 1, "the test needs successes at " + epsilon);
      double median = n % 2 == 1 ? moves.get(n / 2) : (moves.get(n / 2 - 1) + moves.get(n / 2)) / 2;
      assertEquals(median, result.attacks().get(e).medianL2(), 1e-6, "epsilon " + epsilon);
    }
    ReportFiles.write(folder, result, Map.of(), "pixels");
    List<String> csv = Files.readAllLines(folder.resolve(ReportFiles.CSV));
    int column = List.of(csv.get(0).split(",")).indexOf("median_l2");
    assertTrue(column > 0, csv.get(0));
    assertEquals("", csv.get(1).split(",", -1)[column], "none on the clean row");
    assertEquals("", csv.get(2).split(",", -1)[column], "none succeeded at radius 0");
    for (int e = 1; e < epsilons.size(); e++) {
      assertEquals(result.attacks().get(e).medianL2(),
          Double.parseDouble(csv.get(2 + e).split(",", -1)[column]), 0.0, "epsilon row " + e);
    }
  }

  /**
   * One attack at radius 0 in batches of one, four attacks at three radii up to 0.7 in batches of
   * 16, then 40 cases drawn from their seed: 1 to 4 attacks (0 to 3 a pixel step, 4 fgsm), 1 to 3
   * radii in [0, 0.7) and the batch size.
   */
  static Stream<Arguments> suites() {
    Stream<Arguments> edges = Stream.of(
        Arguments.of(0L, List.of(0), List.of(0.0), 1),
        Arguments.of(0L, List.of(0, 1, 3, 4), List.of(0.0, 0.35, 0.7), 16));
    Stream<Arguments> drawn = LongStream.range(0, 40).mapToObj(seed -> {
      SplittableRandom random = new SplittableRandom(seed);
      return Arguments.of(seed, random.ints(random.nextInt(1, 5), 0, 5).boxed().toList(),
          random.doubles(random.nextInt(1, 4), 0, 0.7).boxed().toList(), random.nextInt(1, 17));
    });
    return Stream.concat(edges, drawn);
  }

  @ParameterizedTest(name = "seed={0} attacks={1} epsilons={2} batch={3}")
  @MethodSource("suites")
  void worstCaseIsNoBetterThanAnyAttack(
      long seed, List<Integer> attacks, List<Double> epsilons, int batch) {
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

  /**
   * One sample under one attack and 30 under 5, each outcome alike, then 200 cases drawn from
   * their seed: 1 to 30 samples, 1 to 5 attacks, each outcome uniform; the seed then draws which
   * samples were right when clean.
   */
  static Stream<Arguments> outcomes() {
    Stream<Arguments> edges = Stream.of(Outcome.values()).flatMap(outcome -> Stream.of(
        Arguments.of(0L, List.of(List.of(outcome))),
        Arguments.of(-1L, Collections.nCopies(5, Collections.nCopies(30, outcome)))));
    Stream<Arguments> drawn = LongStream.range(0, 200).mapToObj(seed -> {
      SplittableRandom random = new SplittableRandom(seed);
      int samples = random.nextInt(1, 31);
      int attacks = random.nextInt(1, 6);
      Outcome[] all = Outcome.values();
      List<List<Outcome>> byAttack = new ArrayList<>();
      for (int a = 0; a < attacks; a++) {
        byAttack.add(random.ints(samples, 0, all.length).mapToObj(o -> all[o]).toList());
      }
      return Arguments.of(seed, byAttack);
    });
    return Stream.concat(edges, drawn);
  }

  @ParameterizedTest(name = "seed={0} byAttack={1}")
  @MethodSource("outcomes")
  void tallyOfWorstOutcomesFollowsTheLaws(long seed, List<List<Outcome>> byAttack) {
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

  @Test
  void worseIsLaterInTheOrder() {
    assertEquals(Outcome.REJECTED, Outcome.RIGHT.worst(Outcome.REJECTED));
    assertEquals(Outcome.WRONG, Outcome.WRONG.worst(Outcome.REJECTED));
    assertEquals(Outcome.SUCCESS, Outcome.WRONG.worst(Outcome.SUCCESS));
    assertEquals(Outcome.RIGHT, Outcome.RIGHT.worst(Outcome.RIGHT));
  }

  /** How much the attack on {@code pixel} lowers sample {@code b}'s margin. */
  private double drop(int b, int pixel, double epsilon) {
    double weight = weight(b, pixel);
    double x = images[b * 4 + pixel];
    double room = weight > 0 ? x : 1 - x;
    return Math.abs(weight) * Math.min(epsilon, room);
  }

  /** The weight of {@code pixel} in sample {@code b}'s margin. */
  private double weight(int b, int pixel) {
    int y = labels[b];
    return LinearNetwork.W[y][pixel] - LinearNetwork.W[1 - y][pixel];
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
