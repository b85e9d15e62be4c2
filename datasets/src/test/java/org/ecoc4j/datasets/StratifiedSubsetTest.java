package org.ecoc4j.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.data.Split;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StratifiedSubsetTest {

  /** A split of {@code n} images with labels drawn unevenly from {@code classes}. */
  private static Split uneven(int n, int classes, long seed) {
    byte[] labels = new byte[n];
    java.util.Random random = new java.util.Random(seed);
    for (int i = 0; i < n; i++) {
      labels[i] = (byte) Math.min(classes - 1, (int) Math.abs(random.nextGaussian() * classes / 2));
    }
    return new ByteImageSplit("train", new ImageShape(1, 1, 1), classes, new byte[n], labels);
  }

  /**
   * The fewest and the most images and classes with the extreme seeds, then 100 cases whose sizes
   * are drawn from their seed, which also seeds the split and the subsets.
   */
  static Stream<Arguments> splitSizes() {
    Stream<Arguments> edges = Stream.of(
        Arguments.of(0L, 1, 2), Arguments.of(-1L, 400, 10), Arguments.of(Long.MIN_VALUE, 1, 10),
        Arguments.of(Long.MAX_VALUE, 400, 2));
    Stream<Arguments> drawn = LongStream.range(0, 100).mapToObj(seed -> {
      SplittableRandom random = new SplittableRandom(seed);
      return Arguments.of(seed, random.nextInt(1, 401), random.nextInt(2, 11));
    });
    return Stream.concat(edges, drawn);
  }

  @ParameterizedTest(name = "seed={0} n={1} classes={2}")
  @MethodSource("splitSizes")
  void everyClassKeepsItsShareAndSmallerSubsetsNestInLargerOnes(long seed, int n, int classes) {
    Split split = uneven(n, classes, seed);
    int[] half = StratifiedSubset.indices(split, 0.5, seed);
    int[] quarter = StratifiedSubset.indices(split, 0.25, seed);
    int[] counts = split.classCounts();
    int[] halfCounts = new SubsetSplit(split, half, "half").classCounts();
    for (int c = 0; c < classes; c++) {
      int expected = counts[c] == 0 ? 0 : (int) Math.max(1, Math.round(counts[c] * 0.5));
      assertEquals(expected, halfCounts[c], "class " + c);
    }
    for (int index : quarter) {
      assertTrue(Arrays.binarySearch(half, index) >= 0, "quarter image " + index + " not in half");
    }
    for (int i = 1; i < half.length; i++) {
      assertTrue(half[i - 1] < half[i]);
    }
    assertArrayEquals(half, StratifiedSubset.indices(split, 0.5, seed));
  }

  @Test
  void theWholeFractionIsTheSplitItselfAndBadFractionsAreRefused() {
    Split split = uneven(50, 3, 1);
    assertSame(split, StratifiedSubset.of(split, 1.0, 9));
    assertThrows(IllegalArgumentException.class, () -> StratifiedSubset.of(split, 0, 9));
    assertThrows(IllegalArgumentException.class, () -> StratifiedSubset.of(split, Double.NaN, 9));
    Split subset = StratifiedSubset.of(split, 0.25, 9);
    assertTrue(subset.name().startsWith("train (subset 0.25"));
  }
}
