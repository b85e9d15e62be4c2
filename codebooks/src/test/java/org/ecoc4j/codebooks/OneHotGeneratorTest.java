package org.ecoc4j.codebooks;

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

class OneHotGeneratorTest {

  private final OneHotGenerator generator = new OneHotGenerator();

  /**
   * The fewest and the most classes and members, then 50 cases whose classes and members are
   * drawn from their seed.
   */
  static Stream<Arguments> classesAndMembers() {
    Stream<Arguments> edges = Stream.of(Arguments.of(0L, 2, 1), Arguments.of(0L, 120, 5));
    Stream<Arguments> drawn = LongStream.range(0, 50).mapToObj(seed -> {
      SplittableRandom random = new SplittableRandom(seed);
      return Arguments.of(seed, random.nextInt(2, 121), random.nextInt(1, 6));
    });
    return Stream.concat(edges, drawn);
  }

  @ParameterizedTest(name = "seed={0} classes={1} members={2}")
  @MethodSource("classesAndMembers")
  void classCHasItsOnlyPlusOneAtPositionC(long seed, int classes, int members) {
    List<Codebook> books = generator.generate(CodebookSpec.of(classes).withMembers(members));

    assertEquals(members, books.size());
    Codebook book = books.get(0);
    assertEquals(classes, book.length());
    for (int c = 0; c < classes; c++) {
      for (int j = 0; j < classes; j++) {
        assertEquals(c == j ? 1 : -1, book.bit(c, j), "class " + c + " bit " + j);
      }
    }
    assertEquals(2, book.minHammingDistance());
    assertEquals(2, book.maxHammingDistance());
    books.forEach(member -> assertEquals(book, member));
  }

  @Test
  void acceptsTheLengthNAndRefusesAnyOther() {
    assertEquals(7, generator.generate(CodebookSpec.of(7).withLength(7)).get(0).length());

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> generator.generate(CodebookSpec.of(7).withLength(9)));
    assertTrue(e.getMessage().contains("N = 7"), e.getMessage());
    assertTrue(e.getMessage().contains("9"), e.getMessage());
  }

  @Test
  void refusesAnyOption() {
    InvalidOptionException e =
        assertThrows(
            InvalidOptionException.class,
            () -> generator.generate(CodebookSpec.of(3).withOptions(Map.of("length", "3"))));
    assertEquals("length", e.option());
    assertTrue(e.getMessage().contains("(none)"), e.getMessage());
  }
}
