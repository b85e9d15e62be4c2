package org.ecoc4j.codebooks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.codebook.CodebookSpec;
import org.ecoc4j.api.codebook.LinearBlockCode;
import org.ecoc4j.api.plugin.InvalidOptionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CrcGeneratorTest {

  private final CrcGenerator generator = new CrcGenerator();

  /** P^T of CRC7 printed in section 2.2 of the error-detecting output codes paper. */
  @Test
  void crc7ForTenClassesHasThePapersParityPart() {
    Codebook book = generator.generate(CodebookSpec.of(10)).get(0);
    LinearBlockCode code = book.linearCode().orElseThrow();

    assertEquals(10, code.n());
    assertEquals(4, code.k());
    int[][] paper = {
      {0, 1, 0, 1, 1, 0},
      {0, 0, 1, 0, 1, 1},
      {1, 0, 1, 1, 1, 0},
      {0, 1, 0, 1, 1, 1},
    };
    assertArrayEquals(paper, code.parityPart());
  }

  @ParameterizedTest
  @ValueSource(strings = {"CRC1", "CRC2", "CRC3", "CRC4", "CRC5", "CRC6", "CRC7", "CRC8", "CRC9"})
  void everyNamedPolynomialGivesATenFourCodeForTenClasses(String name) {
    List<Codebook> books = generate(10, Map.of("polynomial", name), 3);
    Codebook book = books.get(0);
    LinearBlockCode code = book.linearCode().orElseThrow();

    assertEquals(10, code.n());
    assertEquals(4, code.k());
    assertTrue(book.minHammingDistance() >= 1, "distinct class codewords");
    assertLinearCodeLaws(book, GeneratorPolynomial.parse(name).bits());
    assertEquals(3, books.size());
    books.forEach(member -> assertEquals(book, member));
  }

  /**
   * The shortest and the longest binary polynomial at the fewest and the most classes and extra
   * digits, then 80 cases drawn from their seed: a named polynomial or a binary one (1, up to 10
   * digits, 1) half of the time each, the classes and the extra message digits.
   */
  static Stream<Arguments> polynomialsAndSizes() {
    Stream<Arguments> edges = Stream.of(
        Arguments.of(0L, "11", 2, 0),
        Arguments.of(0L, "11", 70, 3),
        Arguments.of(0L, "100000000001", 2, 0),
        Arguments.of(0L, "111111111111", 70, 3));
    List<String> names = List.copyOf(new TreeSet<>(GeneratorPolynomial.names()));
    Stream<Arguments> drawn = LongStream.range(0, 80).mapToObj(seed -> {
      SplittableRandom random = new SplittableRandom(seed);
      String polynomial;
      if (random.nextBoolean()) {
        polynomial = names.get(random.nextInt(names.size()));
      } else {
        StringBuilder binary = new StringBuilder("1");
        random.ints(random.nextInt(0, 11), 0, 2).forEach(binary::append);
        polynomial = binary.append('1').toString();
      }
      return Arguments.of(seed, polynomial, random.nextInt(2, 71), random.nextInt(0, 4));
    });
    return Stream.concat(edges, drawn);
  }

  @ParameterizedTest(name = "seed={0} polynomial={1} classes={2} extraMessageDigits={3}")
  @MethodSource("polynomialsAndSizes")
  void generatedCodesObeyTheLinearCodeLaws(
      long seed, String polynomial, int classes, int extraMessageDigits) {
    GeneratorPolynomial g = GeneratorPolynomial.parse(polynomial);
    int n = Log2.ceil(classes) + extraMessageDigits + g.degree();
    Codebook book =
        generator
            .generate(
                CodebookSpec.of(classes)
                    .withLength(n)
                    .withOptions(Map.of("polynomial", polynomial)))
            .get(0);

    assertEquals(n, book.length());
    assertLinearCodeLaws(book, g.bits());
  }

  @Test
  void aGivenLengthSetsTheMessageLength() {
    Codebook book = generate(10, Map.of(), 1, 13).get(0);

    assertEquals(13, book.length());
    assertEquals(7, book.linearCode().orElseThrow().k());
  }

  @Test
  void refusesALengthWithTooFewMessageDigits() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> generate(10, Map.of(), 1, 9));
    assertTrue(e.getMessage().contains("k = 3"), e.getMessage());
    assertTrue(e.getMessage().contains("N = 10"), e.getMessage());
    assertTrue(e.getMessage().contains("n >= 10"), e.getMessage());
  }

  /** x^3 + x + 1 generates the (7, 4) Hamming code, whose minimum distance is 3. */
  @Test
  void binaryPolynomialOfTheHammingCode() {
    Codebook book = generate(16, Map.of("polynomial", "1011"), 1).get(0);

    assertEquals(7, book.length());
    assertEquals(3, book.minHammingDistance());
    assertEquals(7, book.maxHammingDistance());
  }

  @Test
  void commasOnlyGroupDigits() {
    assertEquals(
        generate(10, Map.of(), 1).get(0),
        generate(10, Map.of("polynomial", "101,0111"), 1).get(0));
    assertEquals(
        generate(10, Map.of(), 1).get(0),
        generate(10, Map.of("polynomial", "crc7"), 1).get(0));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1010110", "0101", "1", "10201", "CRC10", "", "x^3+x+1"})
  void refusesBadPolynomials(String polynomial) {
    InvalidOptionException e =
        assertThrows(
            InvalidOptionException.class, () -> generate(10, Map.of("polynomial", polynomial), 1));
    assertEquals("polynomial", e.option());
    assertTrue(e.getMessage().contains("polynomial"), e.getMessage());
  }

  @Test
  void refusesAPolynomialOfTooHighDegree() {
    String degree63 = "1" + "0".repeat(62) + "1";
    InvalidOptionException e =
        assertThrows(
            InvalidOptionException.class, () -> generate(10, Map.of("polynomial", degree63), 1));
    assertTrue(e.getMessage().contains("degree 63"), e.getMessage());
  }

  @Test
  void refusesUnknownOptions() {
    InvalidOptionException e =
        assertThrows(InvalidOptionException.class, () -> generate(10, Map.of("poly", "CRC1"), 1));
    assertEquals("poly", e.option());
    assertTrue(e.getMessage().contains("polynomial"), e.getMessage());
  }

  private List<Codebook> generate(int classes, Map<String, String> options, int members) {
    return generator.generate(
        CodebookSpec.of(classes).withMembers(members).withOptions(options));
  }

  private List<Codebook> generate(
      int classes, Map<String, String> options, int members, int length) {
    return generator.generate(
        CodebookSpec.of(classes).withMembers(members).withLength(length).withOptions(options));
  }

  /**
   * G H^T = 0; class c's message digits are c in binary; every class codeword has a zero syndrome
   * and, read as a polynomial (position i = coefficient of x^(n-1-i)), is a multiple of g(x); the
   * sum of two codewords is a codeword.
   */
  private static void assertLinearCodeLaws(Codebook book, long g) {
    LinearBlockCode code = book.linearCode().orElseThrow();
    int n = code.n();
    int k = code.k();
    assertEquals(n, book.length());
    int[][] gen = code.generatorMatrix();
    int[][] check = code.parityCheckMatrix();
    for (int[] genRow : gen) {
      for (int[] checkRow : check) {
        int dot = 0;
        for (int j = 0; j < n; j++) {
          dot ^= genRow[j] & checkRow[j];
        }
        assertEquals(0, dot, "G H^T must vanish");
      }
    }
    for (int c = 0; c < book.classes(); c++) {
      int[] word = book.digits(c);
      for (int i = 0; i < k; i++) {
        int power = k - 1 - i;
        int expected = power < 31 ? (c >>> power) & 1 : 0;
        assertEquals(expected, word[i], "message digit " + i + " of class " + c);
      }
      assertArrayEquals(new int[n - k], code.syndrome(word), "syndrome of class " + c);
      assertEquals(0L, remainder(word, g), "class " + c + " codeword is a multiple of g(x)");
      for (int d = 0; d < book.classes(); d++) {
        int[] other = book.digits(d);
        int[] sum = new int[n];
        for (int j = 0; j < n; j++) {
          sum[j] = word[j] ^ other[j];
        }
        assertTrue(code.isCodeword(sum), "sum of codewords " + c + " and " + d);
      }
    }
  }

  /** Long division over GF(2) of the word's polynomial by g, digit by digit. */
  private static long remainder(int[] word, long g) {
    int degree = 63 - Long.numberOfLeadingZeros(g);
    long r = 0;
    for (int digit : word) {
      r = (r << 1) | digit;
      if (((r >>> degree) & 1) != 0) {
        r ^= g;
      }
    }
    return r;
  }
}
