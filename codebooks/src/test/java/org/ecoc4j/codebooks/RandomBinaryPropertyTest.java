package org.ecoc4j.codebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.codebook.CodebookSpec;
import org.ecoc4j.api.plugin.Options;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RandomBinaryPropertyTest {

  private final RandomBinaryGenerator generator = new RandomBinaryGenerator();

  /**
   * The fewest and the most classes, extra bits and members with the extreme seeds, then 60 cases
   * whose sizes are drawn from their seed, which also seeds the codebooks.
   */
  static Stream<Arguments> comfortableSpecs() {
    Stream<Arguments> edges = Stream.of(
        Arguments.of(0L, 2, 0, 1), Arguments.of(-1L, 200, 60, 7),
        Arguments.of(Long.MIN_VALUE, 200, 0, 1), Arguments.of(Long.MAX_VALUE, 2, 60, 7));
    Stream<Arguments> drawn = LongStream.range(0, 60).mapToObj(seed -> {
      SplittableRandom random = new SplittableRandom(seed);
      return Arguments.of(
          seed, random.nextInt(2, 201), random.nextInt(0, 61), random.nextInt(1, 8));
    });
    return Stream.concat(edges, drawn);
  }

  /**
   * Lengths from where drawing surely succeeds (every draw fits with probability at least 3/4) up:
   * every member obeys Hmin = ceil(log2 N) and has no complementary pair.
   */
  @ParameterizedTest(name = "seed={0} classes={1} extraLength={2} members={3}")
  @MethodSource("comfortableSpecs")
  void everyMemberObeysTheDistanceRules(long seed, int classes, int extraLength, int members) {
    int hmin = ceilLog2(classes);
    int length = comfortableLength(classes, hmin) + extraLength;
    CodebookSpec spec =
        CodebookSpec.of(classes).withLength(length).withMembers(members).withSeed(seed);

    List<Codebook> books = generator.generate(spec);

    assertEquals(members, books.size());
    for (Codebook book : books) {
      assertEquals(classes, book.classes());
      assertEquals(length, book.length());
      assertTrue(book.minHammingDistance() >= hmin, book + " needs distance >= " + hmin);
      assertTrue(book.maxHammingDistance() < length, book + " has a complementary pair");
    }
    assertEquals(books, generator.generate(spec), "same spec, same codebooks");
  }

  /**
   * The fewest and the most classes and extra bits, then 40 cases whose sizes are drawn from their
   * seed, which also seeds the codebooks.
   */
  static Stream<Arguments> effectiveSpecs() {
    Stream<Arguments> edges = Stream.of(Arguments.of(0L, 2, 0), Arguments.of(-1L, 200, 40));
    Stream<Arguments> drawn = LongStream.range(0, 40).mapToObj(seed -> {
      SplittableRandom random = new SplittableRandom(seed);
      return Arguments.of(seed, random.nextInt(2, 201), random.nextInt(0, 41));
    });
    return Stream.concat(edges, drawn);
  }

  /**
   * The effective options are the rules the codebooks obey: the derived bounds (ceil(log2 N) and
   * K) are reported, marked as derived, and every member meets them.
   */
  @ParameterizedTest(name = "seed={0} classes={1} extraLength={2}")
  @MethodSource("effectiveSpecs")
  void effectiveOptionsAreTheRulesTheCodebooksObey(long seed, int classes, int extraLength) {
    int length = comfortableLength(classes, ceilLog2(classes)) + extraLength;
    CodebookSpec spec = CodebookSpec.of(classes).withLength(length).withSeed(seed);

    Options effective = generator.effectiveOptions(spec);

    assertEquals(List.of("min-distance", "max-distance"), effective.derived());
    assertEquals(ceilLog2(classes), effective.getInt("min-distance"));
    assertEquals(length, effective.getInt("max-distance"));
    for (Codebook book : generator.generate(spec)) {
      assertTrue(book.minHammingDistance() >= effective.getInt("min-distance"), book::toString);
      assertTrue(book.maxHammingDistance() < effective.getInt("max-distance"), book::toString);
    }
  }

  /**
   * Kmin itself for the fewest and the most classes and members, then 40 cases whose sizes are
   * drawn from their seed, which also seeds the codebooks.
   */
  static Stream<Arguments> nearKminSpecs() {
    Stream<Arguments> edges = Stream.of(
        Arguments.of(0L, 2, 0, 1), Arguments.of(-1L, 200, 0, 3), Arguments.of(1L, 200, 12, 3));
    Stream<Arguments> drawn = LongStream.range(0, 40).mapToObj(seed -> {
      SplittableRandom random = new SplittableRandom(seed);
      return Arguments.of(
          seed, random.nextInt(2, 201), random.nextInt(0, 13), random.nextInt(1, 4));
    });
    return Stream.concat(edges, drawn);
  }

  /**
   * From Kmin up, where a code may or may not be drawable: the result obeys the rules, or the
   * request ends quickly with an error that says the rules cannot be met.
   */
  @ParameterizedTest(name = "seed={0} classes={1} extraLength={2} members={3}")
  @MethodSource("nearKminSpecs")
  void nearKminTheRulesHoldOrTheErrorSaysWhy(
      long seed, int classes, int extraLength, int members) {
    int hmin = ceilLog2(classes);
    int length = 2 * hmin + 1 + extraLength;
    CodebookSpec spec =
        CodebookSpec.of(classes)
            .withLength(length)
            .withMembers(members)
            .withSeed(seed)
            .withOptions(Map.of("max-attempts", "2000"));
    try {
      for (Codebook book : generator.generate(spec)) {
        assertTrue(book.minHammingDistance() >= hmin, book.toString());
        assertTrue(book.maxHammingDistance() < length, book.toString());
      }
    } catch (IllegalArgumentException e) {
      assertTrue(
          e.getMessage().contains("could not be met") || e.getMessage().contains("exists: "),
          e.getMessage());
      assertTrue(e.getMessage().contains("longer code"), e.getMessage());
    }
  }

  /**
   * The fewest and the most classes and members, then 30 cases whose sizes are drawn from their
   * seed, which also seeds the codebooks.
   */
  static Stream<Arguments> sharedSpecs() {
    Stream<Arguments> edges = Stream.of(Arguments.of(0L, 2, 2), Arguments.of(-1L, 60, 7));
    Stream<Arguments> drawn = LongStream.range(0, 30).mapToObj(seed -> {
      SplittableRandom random = new SplittableRandom(seed);
      return Arguments.of(seed, random.nextInt(2, 61), random.nextInt(2, 8));
    });
    return Stream.concat(edges, drawn);
  }

  @ParameterizedTest(name = "seed={0} classes={1} members={2}")
  @MethodSource("sharedSpecs")
  void sharedMembersAreCopiesOfOneCodebook(long seed, int classes, int members) {
    List<Codebook> books =
        generator.generate(
            CodebookSpec.of(classes)
                .withMembers(members)
                .withSeed(seed)
                .withOptions(Map.of("sharing", "shared")));

    assertEquals(members, books.size());
    books.forEach(book -> assertEquals(books.get(0), book));
  }

  /** Smallest K >= Kmin with 4 N sum_{i < hmin} C(K, i) <= 2^K. */
  private static int comfortableLength(int classes, int hmin) {
    int k = 2 * hmin + 1;
    while (BigInteger.valueOf(4L * classes)
            .multiply(wordsCloserThan(k, hmin))
            .compareTo(BigInteger.ONE.shiftLeft(k))
        > 0) {
      k++;
    }
    return k;
  }

  private static BigInteger wordsCloserThan(int length, int distance) {
    BigInteger sum = BigInteger.ZERO;
    for (int i = 0; i < distance; i++) {
      sum = sum.add(binomial(length, i));
    }
    return sum;
  }

  private static BigInteger binomial(int n, int r) {
    BigInteger result = BigInteger.ONE;
    for (int i = 0; i < r; i++) {
      result = result.multiply(BigInteger.valueOf(n - i)).divide(BigInteger.valueOf(i + 1));
    }
    return result;
  }

  private static int ceilLog2(int n) {
    int bits = 0;
    while ((1 << bits) < n) {
      bits++;
    }
    return bits;
  }
}
