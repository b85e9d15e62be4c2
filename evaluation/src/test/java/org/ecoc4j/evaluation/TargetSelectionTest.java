package org.ecoc4j.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Target selections: {@code next} is {@code (label + 1) mod N}; {@code random} never gives the
 * label, is reproducible from seed and sample, and covers the other classes uniformly;
 * {@code least-likely} is the argmin of the posteriors over the other classes; {@code top-K}'s
 * ranks are the other classes sorted by decreasing posterior, ties by index.
 */
class TargetSelectionTest {

  /**
   * The fewest and the most classes, the first and the last label and sample with the extreme
   * seeds, then 300 cases whose classes, label and sample are drawn from their seed, which also
   * seeds the selection.
   */
  static Stream<Arguments> randomTargets() {
    Stream<Arguments> edges = Stream.of(
        Arguments.of(0L, 2, 0, 0), Arguments.of(-1L, 2, 1, 1_000_000),
        Arguments.of(Long.MIN_VALUE, 40, 39, 0), Arguments.of(Long.MAX_VALUE, 40, 0, 1_000_000));
    Stream<Arguments> drawn = LongStream.range(0, 300).mapToObj(seed -> {
      SplittableRandom random = new SplittableRandom(seed);
      return Arguments.of(
          seed, random.nextInt(2, 41), random.nextInt(0, 40), random.nextInt(0, 1_000_001));
    });
    return Stream.concat(edges, drawn);
  }

  @ParameterizedTest(name = "seed={0} classes={1} label={2} sample={3}")
  @MethodSource("randomTargets")
  void randomIsAnotherClassAndReproducible(long seed, int classes, int label, int sample) {
    int y = label % classes;
    int target = TargetSelection.RANDOM.target(y, classes, seed, sample, null, 0, 0);
    assertNotEquals(y, target);
    assertTrue(target >= 0 && target < classes, "target " + target);
    assertEquals(target, TargetSelection.RANDOM.target(y, classes, seed, sample, null, 0, 0));
  }

  @Test
  void randomCoversTheOtherClassesUniformly() {
    int classes = 10;
    int draws = 9000;
    int[] counts = new int[classes];
    for (int sample = 0; sample < draws; sample++) {
      counts[TargetSelection.RANDOM.target(3, classes, 42, sample, null, 0, 0)]++;
    }
    assertEquals(0, counts[3]);
    double expected = draws / 9.0;
    double sigma = Math.sqrt(draws * (1 / 9.0) * (8 / 9.0));
    for (int c = 0; c < classes; c++) {
      if (c != 3) {
        assertTrue(Math.abs(counts[c] - expected) < 5 * sigma, "class " + c + ": " + counts[c]);
      }
    }
  }

  @Test
  void randomDependsOnTheSeed() {
    int differ = 0;
    for (int sample = 0; sample < 100; sample++) {
      differ += TargetSelection.RANDOM.target(0, 10, 1, sample, null, 0, 0)
          != TargetSelection.RANDOM.target(0, 10, 2, sample, null, 0, 0) ? 1 : 0;
    }
    assertTrue(differ > 50, differ + " of 100 targets differ between seeds 1 and 2");
  }

  /**
   * The fewest and the most classes with the first and the last label and row, then 300 cases
   * whose classes, label and row are drawn from their seed, which then draws the posteriors.
   */
  static Stream<Arguments> rankings() {
    Stream<Arguments> edges = Stream.of(
        Arguments.of(0L, 2, 0, 0), Arguments.of(-1L, 2, 11, 3),
        Arguments.of(Long.MIN_VALUE, 12, 0, 3), Arguments.of(Long.MAX_VALUE, 12, 11, 0));
    Stream<Arguments> drawn = LongStream.range(0, 300).mapToObj(seed -> {
      SplittableRandom random = new SplittableRandom(seed);
      return Arguments.of(seed, random.nextInt(2, 13), random.nextInt(0, 12), random.nextInt(0, 4));
    });
    return Stream.concat(edges, drawn);
  }

  @ParameterizedTest(name = "seed={0} classes={1} label={2} row={3}")
  @MethodSource("rankings")
  void leastLikelyIsTheArgminOverTheOtherClasses(long seed, int classes, int label, int row) {
    int y = label % classes;
    Random random = new Random(seed);
    float[] posteriors = new float[4 * classes];
    for (int i = 0; i < posteriors.length; i++) {
      posteriors[i] = random.nextInt(4) == 0 ? 0f : random.nextFloat();
    }
    int argmin = -1;
    for (int c = 0; c < classes; c++) {
      float p = posteriors[row * classes + c];
      if (c != y && (argmin < 0 || p < posteriors[row * classes + argmin])) {
        argmin = c;
      }
    }
    assertEquals(argmin,
        TargetSelection.LEAST_LIKELY.target(y, classes, seed, 0, posteriors, row, 0));
  }

  @Test
  void leastLikelySkipsTheLabelAndBreaksTiesByIndex() {
    float[] posteriors = {0.0f, 0.5f, 0.0f, 0.5f};
    assertEquals(2, TargetSelection.LEAST_LIKELY.target(0, 4, 0, 0, posteriors, 0, 0));
    assertEquals(0, TargetSelection.LEAST_LIKELY.target(1, 4, 0, 0, posteriors, 0, 0));
  }

  @ParameterizedTest(name = "seed={0} classes={1} label={2} row={3}")
  @MethodSource("rankings")
  void topRanksAreTheOtherClassesByDecreasingPosterior(
      long seed, int classes, int label, int row) {
    int y = label % classes;
    Random random = new Random(seed);
    float[] posteriors = new float[4 * classes];
    for (int i = 0; i < posteriors.length; i++) {
      posteriors[i] = random.nextInt(3) == 0 ? 0.5f : random.nextFloat();
    }
    List<Integer> others = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      if (c != y) {
        others.add(c);
      }
    }
    others.sort(Comparator.comparingDouble((Integer c) -> -posteriors[row * classes + c])
        .thenComparingInt(c -> c));
    for (int k = 1; k < classes; k++) {
      TargetSelection top = TargetSelection.top(k);
      for (int rank = 0; rank < k; rank++) {
        assertEquals(others.get(rank), top.target(y, classes, seed, 0, posteriors, row, rank),
            "top-" + k + " rank " + rank);
      }
    }
  }

  @Test
  void topBreaksTiesByIndexAndSkipsTheLabel() {
    float[] posteriors = {0.1f, 0.4f, 0.4f, 0.1f, 0.0f};
    TargetSelection top = TargetSelection.top(4);
    int[] expected = {2, 0, 3, 4};
    for (int rank = 0; rank < 4; rank++) {
      assertEquals(expected[rank], top.target(1, 5, 0, 0, posteriors, 0, rank), "rank " + rank);
    }
  }

  @Test
  void nextIsTheFollowingClass() {
    assertEquals(1, TargetSelection.NEXT.target(0, 3, 0, 0, null, 0, 0));
    assertEquals(0, TargetSelection.NEXT.target(2, 3, 0, 0, null, 0, 0));
  }

  @Test
  void namesAndErrors() {
    for (TargetSelection s : List.of(TargetSelection.NEXT, TargetSelection.RANDOM,
        TargetSelection.LEAST_LIKELY, TargetSelection.top(1), TargetSelection.top(9))) {
      assertEquals(s, TargetSelection.parse(s.label()));
    }
    assertEquals(TargetSelection.LEAST_LIKELY, TargetSelection.parse(" Least-Likely "));
    assertEquals("top-3", TargetSelection.parse("Top-3").label());
    assertEquals(3, TargetSelection.parse("top-3").count());
    assertTrue(TargetSelection.parse("top-3").sweep());
    assertEquals(1, TargetSelection.RANDOM.count());
    for (String bad : List.of("furthest", "top-0", "top-", "top--2", "top-x", "top-1234567890")) {
      IllegalArgumentException unknown =
          assertThrows(IllegalArgumentException.class, () -> TargetSelection.parse(bad));
      assertEquals("target selection must be next, random, least-likely or top-K with K >= 1, "
          + "got '" + bad + "'", unknown.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> TargetSelection.top(0));
    IllegalArgumentException few = assertThrows(IllegalArgumentException.class,
        () -> TargetSelection.top(3).target(0, 3, 0, 0, new float[3], 0, 0));
    assertEquals("target selection 'top-3' needs at least 4 classes, the data has 3",
        few.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> TargetSelection.top(2).target(0, 4, 0, 0, new float[4], 0, 2));
    assertThrows(IllegalArgumentException.class,
        () -> TargetSelection.NEXT.target(0, 1, 0, 0, null, 0, 0));
    assertThrows(IllegalArgumentException.class,
        () -> TargetSelection.RANDOM.target(5, 5, 0, 0, null, 0, 0));
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> TargetSelection.LEAST_LIKELY.target(0, 3, 0, 0, new float[3], 1, 0));
    assertTrue(missing.getMessage().contains("clean posteriors"), missing.getMessage());
  }
}
