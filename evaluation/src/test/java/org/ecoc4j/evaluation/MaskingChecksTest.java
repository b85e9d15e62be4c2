package org.ecoc4j.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Laws of the masking checks over random accuracy curves. */
class MaskingChecksTest {

  private static final long SAMPLES = 400;
  private static final GradientHealth HEALTHY = new GradientHealth(SAMPLES, 0, 0);

  @Property(tries = 200)
  void fallingCurvesRaiseNoRiseFlag(
      @ForAll @Size(min = 2, max = 6) List<@DoubleRange(min = 0, max = 1) Double> accuracies) {
    List<Double> falling = new ArrayList<>(accuracies);
    falling.sort(Comparator.reverseOrder());
    List<MaskingFlag> flags = MaskingChecks.flags(HEALTHY, curve("pgd", true, falling), List.of());
    assertTrue(flags.stream().noneMatch(f -> f.kind() == MaskingFlag.Kind.ACCURACY_RISES_WITH_EPSILON),
        flags.toString());
  }

  @Property(tries = 200)
  void aRiseBeyondTheNoiseIsFlagged(
      @ForAll @DoubleRange(min = 0, max = 0.5) double low,
      @ForAll @IntRange(min = 1, max = 4) int position) {
    double rise = low + 2 * MaskingChecks.tolerance(SAMPLES);
    List<Double> accuracies = new ArrayList<>(List.of(low, low, low, low, low));
    accuracies.set(position, rise);
    List<MaskingFlag> flags = MaskingChecks.flags(HEALTHY, curve("pgd", true, accuracies), List.of());
    assertTrue(flags.stream().anyMatch(f -> f.kind() == MaskingFlag.Kind.ACCURACY_RISES_WITH_EPSILON),
        flags.toString());
  }

  @Property(tries = 200)
  void blackBoxIsFlaggedExactlyWhenClearlyBelowEveryWhiteBox(
      @ForAll @DoubleRange(min = 0, max = 1) double white,
      @ForAll @DoubleRange(min = 0, max = 1) double black) {
    List<AttackResult> results = new ArrayList<>();
    results.addAll(curve("pgd", true, List.of(white)));
    results.addAll(curve("square", false, List.of(black)));
    boolean flagged = MaskingChecks.flags(HEALTHY, results, List.of()).stream()
        .anyMatch(f -> f.kind() == MaskingFlag.Kind.BLACK_BOX_BEATS_WHITE_BOX);
    assertEquals(black < white - MaskingChecks.tolerance(SAMPLES), flagged);
  }

  @Property(tries = 50)
  void gradientFlagsFollowTheCounts(
      @ForAll @IntRange(min = 0, max = 5) int zero, @ForAll @IntRange(min = 0, max = 5) int nan) {
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
          new Metrics(SAMPLES, a, Double.NaN, 0, a)));
    }
    return results;
  }

  @org.junit.jupiter.api.Test
  void aWeakerAttackBeatingAStrongerOneIsFlagged() {
    Metrics low = new Metrics(SAMPLES, 0.2, 0.5, 0, 0.2);
    Metrics high = new Metrics(SAMPLES, 0.6, 0.2, 0, 0.6);
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
    Metrics m = new Metrics(SAMPLES, 0.2, 0.5, 0, 0.2);
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
