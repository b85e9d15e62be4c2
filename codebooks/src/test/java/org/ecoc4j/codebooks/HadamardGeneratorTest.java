package org.ecoc4j.codebooks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.codebook.CodebookSpec;
import org.ecoc4j.api.plugin.InvalidOptionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HadamardGeneratorTest {

  private final HadamardGenerator generator = new HadamardGenerator();

  /**
   * The fewest and the most classes and members, then 60 cases whose classes and members are
   * drawn from their seed.
   */
  static Stream<Arguments> classesAndMembers() {
    Stream<Arguments> edges = Stream.of(Arguments.of(0L, 2, 1), Arguments.of(0L, 300, 4));
    Stream<Arguments> drawn = LongStream.range(0, 60).mapToObj(seed -> {
      SplittableRandom random = new SplittableRandom(seed);
      return Arguments.of(seed, random.nextInt(2, 301), random.nextInt(1, 5));
    });
    return Stream.concat(edges, drawn);
  }

  @ParameterizedTest(name = "seed={0} classes={1} members={2}")
  @MethodSource("classesAndMembers")
  void defaultLengthIsTheSmallestPowerOfTwoAboveNAndAllDistancesAreHalfOfIt(
      long seed, int classes, int members) {
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

  /**
   * The fewest and the most classes and doublings, then 30 cases whose classes and doublings are
   * drawn from their seed.
   */
  static Stream<Arguments> classesAndDoublings() {
    Stream<Arguments> edges = Stream.of(Arguments.of(0L, 2, 0), Arguments.of(0L, 70, 2));
    Stream<Arguments> drawn = LongStream.range(0, 30).mapToObj(seed -> {
      SplittableRandom random = new SplittableRandom(seed);
      return Arguments.of(seed, random.nextInt(2, 71), random.nextInt(0, 3));
    });
    return Stream.concat(edges, drawn);
  }

  @ParameterizedTest(name = "seed={0} classes={1} doublings={2}")
  @MethodSource("classesAndDoublings")
  void classCGetsRowCPlusOneOfTheRecursiveSylvesterMatrix(long seed, int classes, int doublings) {
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

  @ParameterizedTest(name = "seed={0} classes={1} doublings={2}")
  @MethodSource("classesAndDoublings")
  void withoutTheConstantColumnEachRowIsTheFullRowLessItsFirstBit(
      long seed, int classes, int doublings) {
    int order = HadamardGenerator.order(classes) << doublings;
    Map<String, String> drop = Map.of("drop-constant-column", "true");
    Codebook full = generator.generate(CodebookSpec.of(classes).withLength(order)).get(0);
    Codebook dropped =
        generator.generate(CodebookSpec.of(classes).withLength(order - 1).withOptions(drop))
            .get(0);

    assertEquals(order - 1, dropped.length());
    for (int c = 0; c < classes; c++) {
      assertEquals(1, full.bit(c, 0), "column 0 is constant");
      assertArrayEquals(
          java.util.Arrays.copyOfRange(full.row(c), 1, order), dropped.row(c), "class " + c);
    }
    assertEquals(order / 2, dropped.minHammingDistance(), "distances stay L/2");
    assertEquals(order / 2, dropped.maxHammingDistance());
  }

  @Test
  void tenClassesWithoutTheConstantColumnGetFifteenBitsAsInThePaper() {
    Codebook book =
        generator.generate(
            CodebookSpec.of(10).withOptions(Map.of("drop-constant-column", "true"))).get(0);

    assertEquals(15, book.length());
    assertEquals(8, book.minHammingDistance());
    for (int j = 0; j < 15; j++) {
      int ones = 0;
      for (int c = 0; c < 10; c++) {
        ones += book.bit(c, j) > 0 ? 1 : 0;
      }
      assertTrue(ones < 10 && ones > 0, "column " + j + " is not constant");
    }
  }

  @Test
  void withoutTheConstantColumnRefusesLengthsNotOneLessThanAPowerOfTwo() {
    Map<String, String> drop = Map.of("drop-constant-column", "true");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> generator.generate(CodebookSpec.of(10).withLength(16).withOptions(drop)));
    assertTrue(e.getMessage().contains("length 16"), e.getMessage());
    assertTrue(e.getMessage().contains("use 15"), e.getMessage());
    IllegalArgumentException few =
        assertThrows(
            IllegalArgumentException.class,
            () -> generator.generate(CodebookSpec.of(10).withLength(7).withOptions(drop)));
    assertTrue(few.getMessage().contains("N = 10"), few.getMessage());
  }

  @Test
  void refusesUnknownOptions() {
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
