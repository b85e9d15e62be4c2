package org.ecoc4j.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Laws of the masking checks over random accuracy curves. */
class MaskingChecksTest {

  private static final long SAMPLES = 400;
  private static final GradientHealth HEALTHY = new GradientHealth(SAMPLES, 0, 0);

  /**
   * Flat curves at 0 and at 1 of 2 and of 6 points and a full drop, then 200 cases whose curve (2
   * to 6 accuracies in [0, 1)) is drawn from their seed.
   */
  static Stream<Arguments> curves() {
    Stream<Arguments> edges = Stream.of(
        Arguments.of(0L, List.of(0.0, 0.0)), Arguments.of(0L, List.of(1.0, 1.0)),
        Arguments.of(0L, List.of(0.0, 0.0, 0.0, 0.0, 0.0, 0.0)),
        Arguments.of(0L, List.of(1.0, 1.0, 1.0, 1.0, 1.0, 1.0)),
        Arguments.of(0L, List.of(0.0, 1.0)));
    Stream<Arguments> drawn = LongStream.range(0, 200).mapToObj(seed -> {
      SplittableRandom random = new SplittableRandom(seed);
      return Arguments.of(seed, random.doubles(random.nextInt(2, 7), 0, 1).boxed().toList());
    });
    return Stream.concat(edges, drawn);
  }

  @ParameterizedTest(name = "seed={0} accuracies={1}")
  @MethodSource("curves")
  void fallingCurvesRaiseNoRiseFlag(long seed, List<Double> accuracies) {
    List<Double> falling = new ArrayList<>(accuracies);
    falling.sort(Comparator.reverseOrder());
    List<MaskingFlag> flags = MaskingChecks.flags(HEALTHY, curve("pgd", true, falling), List.of());
    assertTrue(flags.stream().noneMatch(f -> f.kind() == MaskingFlag.Kind.ACCURACY_RISES_WITH_EPSILON),
        flags.toString());
  }

  /**
   * A rise at every position from the lowest and the highest floor, then 200 cases whose floor and
   * position are drawn from their seed.
   */
  static Stream<Arguments> rises() {
    Stream<Arguments> edges = Stream.of(0.0, 0.5).flatMap(low ->
        IntStream.rangeClosed(1, 4).mapToObj(position -> Arguments.of(0L, low, position)));
    Stream<Arguments> drawn = LongStream.range(0, 200).mapToObj(seed -> {
      SplittableRandom random = new SplittableRandom(seed);
      return Arguments.of(seed, random.nextDouble(0, 0.5), random.nextInt(1, 5));
    });
    return Stream.concat(edges, drawn);
  }

  @ParameterizedTest(name = "seed={0} low={1} position={2}")
  @MethodSource("rises")
  void aRiseBeyondTheNoiseIsFlagged(long seed, double low, int position) {
    double rise = low + 2 * MaskingChecks.tolerance(SAMPLES);
    List<Double> accuracies = new ArrayList<>(List.of(low, low, low, low, low));
    accuracies.set(position, rise);
    List<MaskingFlag> flags = MaskingChecks.flags(HEALTHY, curve("pgd", true, accuracies), List.of());
    assertTrue(flags.stream().anyMatch(f -> f.kind() == MaskingFlag.Kind.ACCURACY_RISES_WITH_EPSILON),
        flags.toString());
  }

  /** The four corners, then 200 cases whose two accuracies are drawn from their seed. */
  static Stream<Arguments> whiteAndBlack() {
    Stream<Arguments> edges = Stream.of(
        Arguments.of(0L, 0.0, 0.0), Arguments.of(0L, 0.0, 1.0), Arguments.of(0L, 1.0, 0.0),
        Arguments.of(0L, 1.0, 1.0));
    Stream<Arguments> drawn = LongStream.range(0, 200).mapToObj(seed -> {
      SplittableRandom random = new SplittableRandom(seed);
      return Arguments.of(seed, random.nextDouble(), random.nextDouble());
    });
    return Stream.concat(edges, drawn);
  }

  @ParameterizedTest(name = "seed={0} white={1} black={2}")
  @MethodSource("whiteAndBlack")
  void blackBoxIsFlaggedExactlyWhenClearlyBelowEveryWhiteBox(
      long seed, double white, double black) {
    List<AttackResult> results = new ArrayList<>();
    results.addAll(curve("pgd", true, List.of(white)));
    results.addAll(curve("square", false, List.of(black)));
    boolean flagged = MaskingChecks.flags(HEALTHY, results, List.of()).stream()
        .anyMatch(f -> f.kind() == MaskingFlag.Kind.BLACK_BOX_BEATS_WHITE_BOX);
    assertEquals(black < white - MaskingChecks.tolerance(SAMPLES), flagged);
  }

  /** Every count of zero and of non-finite gradients from 0 to 5. */
  static Stream<Arguments> gradientCounts() {
    return IntStream.rangeClosed(0, 5).boxed()
        .flatMap(zero -> IntStream.rangeClosed(0, 5).mapToObj(nan -> Arguments.of(zero, nan)));
  }

  @ParameterizedTest(name = "zero={0} nan={1}")
  @MethodSource("gradientCounts")
  void gradientFlagsFollowTheCounts(int zero, int nan) {
    List<MaskingFlag> flags =
        MaskingChecks.flags(new GradientHealth(SAMPLES, zero, nan), List.of(), List.of());
    assertEquals(zero > 0,
        flags.stream().anyMatch(f -> f.kind() == MaskingFlag.Kind.ZERO_GRADIENT));
    assertEquals(nan > 0,
        flags.stream().anyMatch(f -> f.kind() == MaskingFlag.Kind.NON_FINITE_GRADIENT));
    assertFalse(flags.stream().anyMatch(f -> f.message().isBlank()));
  }

  private static List<AttackResult> curve(String attack, boolean white, List<Double> accuracies) {
    List<AttackResult> results = new ArrayList<>();
    for (int k = 0; k < accuracies.size(); k++) {
      double a = accuracies.get(k);
      results.add(new AttackResult(attack, white, 0.05 * (k + 1),
          new Metrics(SAMPLES, a, Double.NaN, 1 - a, Double.NaN, 0, a)));
    }
    return results;
  }

  @org.junit.jupiter.api.Test
  void aWeakerAttackBeatingAStrongerOneIsFlagged() {
    Metrics low = new Metrics(SAMPLES, 0.2, Double.NaN, 0.8, 0.5, 0, 0.2);
    Metrics high = new Metrics(SAMPLES, 0.6, Double.NaN, 0.4, 0.2, 0, 0.6);
    List<AttackResult> pgdAboveFgsm = List.of(new AttackResult("fgsm", true, 0.1, low),
        new AttackResult("pgd", true, 0.1, high));
    assertTrue(kinds(pgdAboveFgsm).contains(MaskingFlag.Kind.WEAKER_ATTACK_WINS));
    List<AttackResult> apgdAbovePgd = List.of(new AttackResult("pgd", true, 0.1, low),
        new AttackResult("apgd-loss", true, 0.1, high));
    assertTrue(kinds(apgdAbovePgd).contains(MaskingFlag.Kind.WEAKER_ATTACK_WINS));
    List<AttackResult> honest = List.of(new AttackResult("fgsm", true, 0.1, high),
        new AttackResult("pgd", true, 0.1, low), new AttackResult("apgd", true, 0.1, low));
    assertTrue(!kinds(honest).contains(MaskingFlag.Kind.WEAKER_ATTACK_WINS));
    List<AttackResult> cumulative = List.of(new AttackResult("fgsm", true, 0.1, low),
        new AttackResult("apgd-t", true, 0.1, high, true));
    assertTrue(!kinds(cumulative).contains(MaskingFlag.Kind.WEAKER_ATTACK_WINS));
  }

  @org.junit.jupiter.api.Test
  void squareBreakingWhatWhiteBoxLeftIsFlagged() {
    Metrics m = new Metrics(SAMPLES, 0.2, Double.NaN, 0.8, 0.5, 0, 0.2);
    List<AttackResult> results = List.of(new AttackResult("pgd", true, 0.1, m),
        new AttackResult("square", false, 0.1, m, true));
    java.util.List<String> breakers = new java.util.ArrayList<>();
    for (int i = 0; i < SAMPLES; i++) {
      breakers.add(i % 2 == 0 ? "square" : "pgd");
    }
    WorstCaseResult worst = new WorstCaseResult(0.1, m, breakers);
    assertTrue(MaskingChecks.flags(HEALTHY, results, List.of(worst)).stream()
        .anyMatch(f -> f.kind() == MaskingFlag.Kind.BLACK_BOX_BREAKS_WHAT_WHITE_BOX_LEFT));
  }

  private static java.util.Set<MaskingFlag.Kind> kinds(List<AttackResult> results) {
    java.util.Set<MaskingFlag.Kind> kinds = new java.util.HashSet<>();
    MaskingChecks.flags(HEALTHY, results, List.of()).forEach(f -> kinds.add(f.kind()));
    return kinds;
  }
}
