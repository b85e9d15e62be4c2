package org.ecoc4j.codebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.codebook.CodebookSpec;
import org.ecoc4j.api.plugin.Options;

class RandomBinaryPropertyTest {

  private final RandomBinaryGenerator generator = new RandomBinaryGenerator();

  /**
   * Lengths from where drawing surely succeeds (every draw fits with probability at least 3/4) up:
   * every member obeys Hmin = ceil(log2 N) and has no complementary pair.
   */
  @Property(tries = 60)
  void everyMemberObeysTheDistanceRules(
      @ForAll @IntRange(min = 2, max = 200) int classes,
      @ForAll @IntRange(min = 0, max = 60) int extraLength,
      @ForAll @IntRange(min = 1, max = 7) int members,
      @ForAll long seed) {
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
   * The effective options are the rules the codebooks obey: the derived bounds (ceil(log2 N) and
   * K) are reported, marked as derived, and every member meets them.
   */
  @Property(tries = 40)
  void effectiveOptionsAreTheRulesTheCodebooksObey(
      @ForAll @IntRange(min = 2, max = 200) int classes,
      @ForAll @IntRange(min = 0, max = 40) int extraLength,
      @ForAll long seed) {
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
   * From Kmin up, where a code may or may not be drawable: the result obeys the rules, or the
   * request ends quickly with an error that says the rules cannot be met.
   */
  @Property(tries = 40)
  void nearKminTheRulesHoldOrTheErrorSaysWhy(
      @ForAll @IntRange(min = 2, max = 200) int classes,
      @ForAll @IntRange(min = 0, max = 12) int extraLength,
      @ForAll @IntRange(min = 1, max = 3) int members,
      @ForAll long seed) {
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

  @Property(tries = 30)
  void sharedMembersAreCopiesOfOneCodebook(
      @ForAll @IntRange(min = 2, max = 60) int classes,
      @ForAll @IntRange(min = 2, max = 7) int members,
      @ForAll long seed) {
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
