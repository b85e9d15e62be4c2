package org.ecoc4j.attacks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.ecoc4j.api.attack.Objective;
import org.ecoc4j.testkit.ArrayTerms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code dlr} and {@code dlr-targeted} evaluated on arrays: hand-computed values, the laws of the
 * Difference of Logits Ratio (unchanged by adding a constant to all scores and by positive
 * scaling; {@code dlr >= -1}; the sign says whether the label or target leads) and the relation
 * to the paper's targeted form while the true class leads.
 */
class DlrObjectiveTest {

  private static final Objective DLR = new DlrObjective();
  private static final Objective TARGETED = new TargetedDlrObjective();

  @Test
  void handComputedValues() {
    // sorted 4 > 3 > 2 > 1: z_pi1 - z_pi3 = 2, z_pi1 - (z_pi3 + z_pi4) / 2 = 2.5
    double[][] z = {{1, 4, 2, 3}, {1, 4, 2, 3}, {1, 4, 2, 3}};
    assertArrayEquals(new double[] {1.5, -0.5, 1.0},
        value(DLR, z, 0, 1, 2), 1e-12, "(max other - z_y) / 2");
    assertArrayEquals(new double[] {1.2, -0.4, 0.8},
        value(TARGETED, z, 0, 1, 2), 1e-12, "(max other - z_t) / 2.5");
    double[][] three = {{0.5, -1, 2}};
    assertArrayEquals(new double[] {1.5 / 3}, value(DLR, three, 0), 1e-12);
  }

  @Test
  void marginIsUnchangedByTheSharedPieces() {
    double[][] z = {{1, 4, 2, 3}, {-2, 0.5, 7, 1}};
    assertArrayEquals(new double[] {3, -6}, value(new MarginObjective(), z, 0, 2), 1e-12);
  }

  @Test
  void refusesTooFewClasses() {
    IllegalArgumentException two = assertThrows(IllegalArgumentException.class,
        () -> value(DLR, new double[][] {{1, 2}}, 0));
    assertEquals("dlr needs at least 3 classes (it reads the 3 largest class scores), the model "
        + "has 2", two.getMessage());
    IllegalArgumentException three = assertThrows(IllegalArgumentException.class,
        () -> value(TARGETED, new double[][] {{1, 2, 3}}, 0));
    assertTrue(three.getMessage().startsWith("dlr-targeted needs at least 4 classes"),
        three.getMessage());
  }

  /**
   * The extreme shifts and scales with 4 and with 12 classes, then 300 cases whose scores, label,
   * shift and scale are drawn from their seed.
   */
  static Stream<Arguments> shiftsAndScales() {
    Stream<Arguments> edges = Stream.of(
        Arguments.of(0L, scores(new SplittableRandom(0), 4), 0, -1000.0, -3.0),
        Arguments.of(-1L, scores(new SplittableRandom(-1), 12), 11, 1000.0, 3.0),
        Arguments.of(1L, scores(new SplittableRandom(1), 12), 0, 1000.0, -3.0),
        Arguments.of(2L, scores(new SplittableRandom(2), 4), 3, -1000.0, 3.0));
    Stream<Arguments> drawn = LongStream.range(0, 300).mapToObj(seed -> {
      SplittableRandom random = new SplittableRandom(seed);
      return Arguments.of(seed, scores(random, random.nextInt(4, 13)), random.nextInt(0, 12),
          random.nextDouble(-1000, 1000), random.nextDouble(-3, 3));
    });
    return Stream.concat(edges, drawn);
  }

  /** 4 and 12 classes, then 300 cases whose scores and label are drawn from their seed. */
  static Stream<Arguments> scoresAndLabels() {
    Stream<Arguments> edges = Stream.of(
        Arguments.of(0L, scores(new SplittableRandom(0), 4), 0),
        Arguments.of(-1L, scores(new SplittableRandom(-1), 12), 11));
    Stream<Arguments> drawn = LongStream.range(0, 300).mapToObj(seed -> {
      SplittableRandom random = new SplittableRandom(seed);
      return Arguments.of(seed, scores(random, random.nextInt(4, 13)), random.nextInt(0, 12));
    });
    return Stream.concat(edges, drawn);
  }

  /** 4 and 12 classes, then 300 cases whose scores and target offset are drawn from their seed. */
  static Stream<Arguments> scoresAndOffsets() {
    Stream<Arguments> edges = Stream.of(
        Arguments.of(0L, scores(new SplittableRandom(0), 4), 1),
        Arguments.of(-1L, scores(new SplittableRandom(-1), 12), 11));
    Stream<Arguments> drawn = LongStream.range(0, 300).mapToObj(seed -> {
      SplittableRandom random = new SplittableRandom(seed);
      return Arguments.of(seed, scores(random, random.nextInt(4, 13)), random.nextInt(1, 12));
    });
    return Stream.concat(edges, drawn);
  }

  /**
   * {@code size} scores in [-20, 20), drawn again until the largest is more than 1e-3 above the
   * third largest (else the ratio's denominator vanishes and the laws need not hold numerically).
   */
  private static double[] scores(SplittableRandom random, int size) {
    double[] z;
    do {
      z = random.doubles(size, -20, 20).toArray();
    } while (spread(z) <= 1e-3);
    return z;
  }

  @ParameterizedTest(name = "seed={0} scores={1} label={2} shift={3} log10Scale={4}")
  @MethodSource("shiftsAndScales")
  void unchangedByShiftAndPositiveScale(
      long seed, double[] z, int label, double shift, double log10Scale) {
    double scale = Math.pow(10, log10Scale);
    int y = label % z.length;
    double[] shifted = Arrays.stream(z).map(v -> v + shift).toArray();
    double[] scaled = Arrays.stream(z).map(v -> v * scale).toArray();
    for (Objective objective : List.of(DLR, TARGETED)) {
      double original = value(objective, new double[][] {z}, y)[0];
      double tolerance = 1e-6 * Math.max(1, Math.abs(original));
      assertEquals(original, value(objective, new double[][] {shifted}, y)[0], tolerance,
          objective.name() + " shifted by " + shift);
      assertEquals(original, value(objective, new double[][] {scaled}, y)[0], tolerance,
          objective.name() + " scaled by " + scale);
    }
  }

  @ParameterizedTest(name = "seed={0} scores={1} label={2}")
  @MethodSource("scoresAndLabels")
  void boundedBelowAndSignedByTheLeader(long seed, double[] z, int label) {
    int y = label % z.length;
    boolean leads = true;
    for (int i = 0; i < z.length; i++) {
      leads &= i == y || z[i] < z[y];
    }
    double dlr = value(DLR, new double[][] {z}, y)[0];
    double targeted = value(TARGETED, new double[][] {z}, y)[0];
    assertTrue(dlr >= -1 - 1e-12, "dlr " + dlr);
    assertEquals(leads, dlr < 0, "dlr " + dlr + " of " + Arrays.toString(z) + " at " + y);
    assertEquals(leads, targeted < 0, "dlr-targeted " + targeted);
  }

  /** While the true class y leads, dlr-targeted at t is minus the paper's targeted DLR. */
  @ParameterizedTest(name = "seed={0} scores={1} offset={2}")
  @MethodSource("scoresAndOffsets")
  void targetedIsMinusThePapersFormWhileTheTrueClassLeads(long seed, double[] z, int offset) {
    int y = 0;
    for (int i = 1; i < z.length; i++) {
      y = z[i] > z[y] ? i : y;
    }
    int t = (y + 1 + offset % (z.length - 1)) % z.length;
    double[] sorted = Arrays.stream(z).sorted().toArray();
    int n = sorted.length;
    double paper = -(z[y] - z[t]) / (sorted[n - 1] - (sorted[n - 3] + sorted[n - 4]) / 2);
    double ours = value(TARGETED, new double[][] {z}, t)[0];
    assertEquals(-paper, ours, 1e-9 * Math.max(1, Math.abs(paper)));
  }

  private static double spread(double[] z) {
    double[] sorted = Arrays.stream(z).sorted().toArray();
    return sorted[sorted.length - 1] - sorted[sorted.length - 3];
  }

  private static double[] value(Objective objective, double[][] scores, int... labels) {
    return ArrayTerms.column(objective.loss(new ArrayTerms(scores, labels)));
  }
}
