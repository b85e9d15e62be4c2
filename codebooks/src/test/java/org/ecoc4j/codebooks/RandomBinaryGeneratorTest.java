package org.ecoc4j.codebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.codebook.CodebookSpec;
import org.ecoc4j.api.plugin.InvalidOptionException;
import org.ecoc4j.api.plugin.Options;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RandomBinaryGeneratorTest {

  private final RandomBinaryGenerator generator = new RandomBinaryGenerator();

  @Test
  void defaultsFollowThePaperForTenClasses() {
    List<Codebook> books = generator.generate(CodebookSpec.of(10).withMembers(3).withSeed(7));

    assertEquals(3, books.size());
    for (Codebook book : books) {
      assertEquals(10, book.classes());
      assertEquals(64, book.length());
      assertTrue(book.minHammingDistance() >= 4, "Hmin = ceil(log2 10) = 4");
      assertTrue(book.maxHammingDistance() < 64, "no complementary pair");
    }
  }

  @Test
  void effectiveOptionsRecordTheDerivedDistanceBounds() {
    Options defaults = generator.effectiveOptions(CodebookSpec.of(10));
    assertEquals("4", defaults.asText().get("min-distance"), "ceil(log2 10)");
    assertEquals("64", defaults.asText().get("max-distance"), "K, the default length");
    assertEquals(List.of("min-distance", "max-distance"), defaults.derived());

    Options given =
        generator.effectiveOptions(
            CodebookSpec.of(10).withLength(20).withOptions(Map.of("min-distance", "6")));
    assertEquals(6, given.getInt("min-distance"));
    assertFalse(given.isDerived("min-distance"));
    assertEquals(20, given.getInt("max-distance"), "K = 20 as requested");
    assertEquals(List.of("max-distance"), given.derived());
    assertEquals("independent", given.asText().get("sharing"));
  }

  @Test
  void sameSpecGivesEqualCodebooksAndAnotherSeedOthers() {
    CodebookSpec spec = CodebookSpec.of(25).withMembers(4).withLength(40).withSeed(123);

    assertEquals(generator.generate(spec), generator.generate(spec));
    assertNotEquals(generator.generate(spec), generator.generate(spec.withSeed(124)));
  }

  @Test
  void independentMembersDifferAndSharedMembersAreEqual() {
    CodebookSpec spec = CodebookSpec.of(10).withMembers(7).withSeed(5);

    List<Codebook> independent = generator.generate(spec);
    for (int a = 0; a < independent.size(); a++) {
      for (int b = a + 1; b < independent.size(); b++) {
        assertNotEquals(independent.get(a), independent.get(b), "members " + a + " and " + b);
      }
    }
    List<Codebook> shared = generator.generate(spec.withOptions(Map.of("sharing", "shared")));
    assertEquals(7, shared.size());
    shared.forEach(member -> assertEquals(shared.get(0), member));
  }

  @Test
  void entriesArePlusOneAboutHalfTheTime() {
    List<Codebook> books = generator.generate(CodebookSpec.of(100).withMembers(7).withSeed(11));
    long plus = 0;
    long total = 0;
    for (Codebook book : books) {
      for (float entry : book.toFloatArray()) {
        plus += entry > 0 ? 1 : 0;
        total++;
      }
    }
    double share = (double) plus / total;
    assertTrue(Math.abs(share - 0.5) < 0.02, "share of +1 entries " + share);
  }

  /** The shortest code, where complements are likely draws, still has none. */
  @Test
  void shortestCodeForTwoClassesHasNoComplements() {
    for (long seed = 0; seed < 200; seed++) {
      Codebook book = generator.generate(CodebookSpec.of(2).withLength(3).withSeed(seed)).get(0);
      int d = book.hammingDistance(0, 1);
      assertTrue(d >= 1 && d <= 2, "seed " + seed + ": distance " + d);
    }
  }

  @Test
  void optionsSetTheDistanceRules() {
    Codebook book =
        generator
            .generate(
                CodebookSpec.of(20)
                    .withLength(32)
                    .withSeed(3)
                    .withOptions(Map.of("min-distance", "9", "max-distance", "20")))
            .get(0);

    assertTrue(book.minHammingDistance() >= 9, book.toString());
    assertTrue(book.maxHammingDistance() < 20, book.toString());
  }

  @Test
  void refusesCodesShorterThanKmin() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> generator.generate(CodebookSpec.of(10).withLength(8)));
    assertTrue(e.getMessage().contains("N = 10"), e.getMessage());
    assertTrue(e.getMessage().contains("K = 8"), e.getMessage());
    assertTrue(e.getMessage().contains("Kmin"), e.getMessage());
    assertTrue(e.getMessage().contains("= 9"), e.getMessage());
    assertEquals(9, generator.generate(CodebookSpec.of(10).withLength(9)).get(0).length());
  }

  @Test
  void aThousandClassesInTwelveBitsFailFastAndSayWhy() {
    IllegalArgumentException e = refusedWithin(2, CodebookSpec.of(1000).withLength(12));
    assertTrue(e.getMessage().contains("N = 1000"), e.getMessage());
    assertTrue(e.getMessage().contains("K = 12"), e.getMessage());
    assertTrue(e.getMessage().contains("Kmin"), e.getMessage());
    assertTrue(e.getMessage().contains("21"), e.getMessage());
  }

  @Test
  void requestsBeyondTheSphereBoundFailBeforeDrawing() {
    IllegalArgumentException e = refusedWithin(2, CodebookSpec.of(1000).withLength(21));
    assertTrue(e.getMessage().contains("sphere-packing"), e.getMessage());
    assertTrue(e.getMessage().contains("longer code"), e.getMessage());
  }

  /** A(13, 6) = 32 < 64 although the sphere-packing and Plotkin bounds allow 64 codewords. */
  @Test
  void requestsBeyondTheBoundsStopAtTheDrawBudget() {
    IllegalArgumentException e = refusedWithin(10, CodebookSpec.of(64).withLength(13));
    assertTrue(e.getMessage().contains("could not be met"), e.getMessage());
    assertTrue(e.getMessage().contains("100000 draws"), e.getMessage());
    assertTrue(e.getMessage().contains("longer code"), e.getMessage());
  }

  /**
   * N = 2: with min-distance 40, Kmin = 1 + 40 + 1 = 42 and the length stays 64; with 63, Kmin = 65
   * is the length. Two 65-bit words at distance 63 or 64 are too rare to draw, so the budget error,
   * which names the length, is what comes back.
   */
  @Test
  void defaultLengthIsNeverBelowKmin() {
    Codebook book =
        generator
            .generate(CodebookSpec.of(2).withOptions(Map.of("min-distance", "40")))
            .get(0);
    assertEquals(64, book.length());

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                generator.generate(
                    CodebookSpec.of(2)
                        .withOptions(Map.of("min-distance", "63", "max-attempts", "10"))));
    assertTrue(e.getMessage().contains("length K = 65"), e.getMessage());
  }

  @Test
  void fastForAThousandClassesSevenMembersAndLength128() {
    CodebookSpec spec = CodebookSpec.of(1000).withLength(128).withMembers(7).withSeed(1);
    List<Codebook> books =
        assertTimeoutPreemptively(Duration.ofSeconds(3), () -> generator.generate(spec));

    assertEquals(7, books.size());
    books.forEach(book -> assertTrue(book.minHammingDistance() >= 10, book.toString()));
  }

  @ParameterizedTest
  @CsvSource({
    "colour, red, colour",
    "min-distance, four, min-distance",
    "min-distance, 0, min-distance",
    "max-distance, 4, max-distance",
    "max-distance, 65, max-distance",
    "max-attempts, 0, max-attempts",
    "max-attempts, 1e5, max-attempts",
    "sharing, both, sharing",
  })
  void refusesBadOptionsNamingThem(String option, String value, String named) {
    InvalidOptionException e =
        assertThrows(
            InvalidOptionException.class,
            () -> generator.generate(CodebookSpec.of(10).withOptions(Map.of(option, value))));
    assertEquals(named, e.option());
    assertTrue(e.getMessage().contains(named), e.getMessage());
  }

  @Test
  void specRefusesFewerThanTwoClasses() {
    assertThrows(IllegalArgumentException.class, () -> CodebookSpec.of(1));
  }

  /** The refusal of {@code spec}, which must come within {@code seconds}. */
  private IllegalArgumentException refusedWithin(int seconds, CodebookSpec spec) {
    return assertTimeoutPreemptively(
        Duration.ofSeconds(seconds),
        () -> assertThrows(IllegalArgumentException.class, () -> generator.generate(spec)));
  }
}
