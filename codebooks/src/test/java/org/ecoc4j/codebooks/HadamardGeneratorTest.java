package org.ecoc4j.codebooks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.codebook.CodebookSpec;
import org.ecoc4j.api.plugin.InvalidOptionException;
import org.junit.jupiter.api.Test;

class HadamardGeneratorTest {

  private final HadamardGenerator generator = new HadamardGenerator();

  @Property(tries = 60)
  void defaultLengthIsTheSmallestPowerOfTwoAboveNAndAllDistancesAreHalfOfIt(
      @ForAll @IntRange(min = 2, max = 300) int classes,
      @ForAll @IntRange(min = 1, max = 4) int members) {
    List<Codebook> books = generator.generate(CodebookSpec.of(classes).withMembers(members));

    Codebook book = books.get(0);
    int order = book.length();
    assertEquals(1, Integer.bitCount(order), "length " + order + " is a power of two");
    assertTrue(order - 1 >= classes, "enough rows besides the all-ones row");
    assertTrue(order / 2 - 1 < classes, "no smaller power of two would do");
    for (int a = 0; a < classes; a++) {
      for (int b = a + 1; b < classes; b++) {
        assertEquals(order / 2, book.hammingDistance(a, b), "classes " + a + " and " + b);
      }
    }
    assertEquals(members, books.size());
    books.forEach(member -> assertEquals(book, member));
  }

  @Property(tries = 30)
  void classCGetsRowCPlusOneOfTheRecursiveSylvesterMatrix(
      @ForAll @IntRange(min = 2, max = 70) int classes,
      @ForAll @IntRange(min = 0, max = 2) int doublings) {
    int order = HadamardGenerator.order(classes) << doublings;
    Codebook book = generator.generate(CodebookSpec.of(classes).withLength(order)).get(0);

    int[][] sylvester = recursiveSylvester(order);
    for (int c = 0; c < classes; c++) {
      assertArrayEquals(sylvester[c + 1], book.row(c), "class " + c);
    }
  }

  @Test
  void tenClassesGetFifteenUsableRowsOfSixteen() {
    Codebook book = generator.generate(CodebookSpec.of(10)).get(0);

    assertEquals(16, book.length());
    assertEquals(8, book.minHammingDistance());
    assertEquals(8, book.maxHammingDistance());
  }

  @Test
  void refusesLengthsThatAreNotPowersOfTwo() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> generator.generate(CodebookSpec.of(10).withLength(24)));
    assertTrue(e.getMessage().contains("power-of-two"), e.getMessage());
    assertTrue(e.getMessage().contains("24"), e.getMessage());
  }

  @Test
  void refusesLengthsWithTooFewRows() {
    assertEquals(16, generator.generate(CodebookSpec.of(15).withLength(16)).get(0).length());

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> generator.generate(CodebookSpec.of(16).withLength(16)));
    assertTrue(e.getMessage().contains("N = 16"), e.getMessage());
    assertTrue(e.getMessage().contains("use length 32"), e.getMessage());
  }

  @Test
  void refusesAnyOption() {
    assertThrows(
        InvalidOptionException.class,
        () -> generator.generate(CodebookSpec.of(3).withOptions(Map.of("order", "4"))));
  }

  /** H_1 = [1], H_2n = [[H, H], [H, -H]], built literally. */
  private static int[][] recursiveSylvester(int order) {
    int[][] h = {{1}};
    while (h.length < order) {
      int size = h.length;
      int[][] next = new int[2 * size][2 * size];
      for (int r = 0; r < size; r++) {
        for (int c = 0; c < size; c++) {
          next[r][c] = h[r][c];
          next[r][c + size] = h[r][c];
          next[r + size][c] = h[r][c];
          next[r + size][c + size] = -h[r][c];
        }
      }
      h = next;
    }
    return h;
  }
}
