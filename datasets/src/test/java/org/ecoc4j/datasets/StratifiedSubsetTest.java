package org.ecoc4j.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.data.Split;
import org.junit.jupiter.api.Test;

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

  @Property(tries = 100)
  void everyClassKeepsItsShareAndSmallerSubsetsNestInLargerOnes(
      @ForAll @IntRange(min = 1, max = 400) int n,
      @ForAll @IntRange(min = 2, max = 10) int classes,
      @ForAll long seed) {
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
