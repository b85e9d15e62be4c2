package org.ecoc4j.decoders;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.codebook.LinearBlockCode;
import org.ecoc4j.api.decoding.Decisions;
import org.ecoc4j.api.decoding.PreparedDecoder;
import org.ecoc4j.api.decoding.Rejection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ZadehTest {

  /**
   * The fewest and the most classes and bits in both spaces, then 100 cases whose settings are
   * drawn from their seed, which then draws the codebook, the label and the noise.
   */
  static Stream<Arguments> noisyCodewords() {
    Stream<Arguments> edges = Stream.of(false, true).flatMap(fullSpace -> Stream.of(
        Arguments.of(0L, 2, 0, fullSpace), Arguments.of(-1L, 30, 70, fullSpace)));
    Stream<Arguments> drawn = LongStream.range(0, 100).mapToObj(seed -> {
      SplittableRandom random = new SplittableRandom(seed);
      return Arguments.of(seed, random.nextInt(2, 31), random.nextInt(0, 71), random.nextBoolean());
    });
    return Stream.concat(edges, drawn);
  }

  @ParameterizedTest(name = "seed={0} classes={1} extraBits={2} fullSpace={3}")
  @MethodSource("noisyCodewords")
  void magnitudeNoiseThatKeepsSignsKeepsTheClass(
      long seed, int classes, int extraBits, boolean fullSpace) {
    Random random = new Random(seed);
    int length = Fixtures.bitsFor(classes) + extraBits;
    Codebook book = Fixtures.randomCodebook(random, classes, length);
    int label = random.nextInt(classes);
    float[] outputs = Fixtures.scaledCodewords(List.of(book), new int[] {label}, 1f);
    for (int j = 0; j < length; j++) {
      outputs[j] *= 0.01f + 10f * random.nextFloat();
    }
    PreparedDecoder decoder =
        Fixtures.prepare(
            "zadeh", List.of(book), Map.of("space", fullSpace ? "full" : "classes"));
    Decisions decisions = Decisions.withCapacity(1);

    decoder.decode(outputs, decisions);

    assertEquals(label, decisions.label(0));
    assertTrue(decisions.confidence(0) > 0.5f);
  }

  /**
   * The shortest and the longest words in both normalizations, then 60 cases whose normalization
   * and length are drawn from their seed, which then draws the outputs; outputs with a bit of
   * truth exactly 1/2 (no word above 1/2) are drawn again. The linear normalization of one output
   * is always 1/2, so its words have at least 2 bits.
   */
  static Stream<Arguments> wordsOfTruth() {
    Stream<Arguments> edges = Stream.of(
        wordOfTruth(0L, 1, false), wordOfTruth(0L, 2, true),
        wordOfTruth(-1L, 10, false), wordOfTruth(-1L, 10, true));
    Stream<Arguments> drawn = LongStream.range(0, 60).mapToObj(seed -> {
      SplittableRandom random = new SplittableRandom(seed);
      boolean linear = random.nextBoolean();
      return wordOfTruth(seed, random.nextInt(linear ? 2 : 1, 11), linear);
    });
    return Stream.concat(edges, drawn);
  }

  private static Arguments wordOfTruth(long seed, int length, boolean linear) {
    Random random = new Random(seed);
    double[] truths = new double[length];
    float[] outputs;
    do {
      outputs = Fixtures.gaussian(random, length, 2.0);
      (linear ? Normalization.LINEAR : Normalization.SIGMOID).apply(outputs, 0, truths);
    } while (Arrays.stream(truths).anyMatch(y -> y == 0.5));
    return Arguments.of(seed, length, linear, outputs);
  }

  /**
   * Theorem 1: the full-space winner is the only word of truth above 1/2, found here by
   * enumerating all 2^K words, and its truth is the maximum. The codebook owns every word (class c
   * is c in binary, bit 0 first), so no word is rejected.
   */
  @ParameterizedTest(name = "seed={0} length={1} linear={2} outputs={3}")
  @MethodSource("wordsOfTruth")
  void fullSpaceWinnerIsTheUniqueWordOfTruthAboveOneHalf(
      long seed, int length, boolean linear, float[] outputs) {
    double[] truths = new double[length];
    (linear ? Normalization.LINEAR : Normalization.SIGMOID).apply(outputs, 0, truths);
    Codebook everyWord = everyWord(length);
    int words = 1 << length;
    int unique = -1;
    double maxTruth = -1;
    for (int w = 0; w < words; w++) {
      double t = 1;
      for (int j = 0; j < length; j++) {
        t = Math.min(t, ((w >> j) & 1) == 1 ? truths[j] : 1 - truths[j]);
      }
      maxTruth = Math.max(maxTruth, t);
      if (t > 0.5) {
        assertEquals(-1, unique, "two words of truth above 1/2");
        unique = w;
      }
    }
    String normalization = linear ? "linear" : "sigmoid";
    Decisions full = Decisions.withCapacity(1);
    Decisions classes = Decisions.withCapacity(1);

    Fixtures.prepare("zadeh", List.of(everyWord), Map.of("normalization", normalization))
        .decode(outputs, full);
    Fixtures.prepare(
            "zadeh",
            List.of(everyWord),
            Map.of("normalization", normalization, "space", "classes"))
        .decode(outputs, classes);

    assertTrue(unique >= 0, "no word of truth above 1/2");
    assertEquals(unique, full.label(0));
    assertEquals((float) maxTruth, full.confidence(0));
    assertEquals(unique, classes.label(0), "enumerating the classes finds the same winner");
    assertEquals((float) maxTruth, classes.confidence(0));
  }

  /** Every one of the 2^10 words against the CRC7 codebook, checked with the api's syndrome. */
  @Test
  void crc7RejectsNonzeroSyndromesAndUnownedCodewords() {
    LinearBlockCode code = Fixtures.crc7Code();
    Codebook book = Fixtures.crc7Codebook();
    PreparedDecoder decoder = Fixtures.prepare("zadeh", List.of(book), Map.of());
    int words = 1 << 10;
    float[] outputs = new float[words * 10];
    for (int w = 0; w < words; w++) {
      for (int j = 0; j < 10; j++) {
        outputs[w * 10 + j] = ((w >> j) & 1) == 1 ? 2f : -2f;
      }
    }
    Decisions decisions = Decisions.withCapacity(words);

    decoder.decode(outputs, decisions);

    int syndromes = 0;
    int unowned = 0;
    for (int w = 0; w < words; w++) {
      int[] digits = new int[10];
      for (int j = 0; j < 10; j++) {
        digits[j] = (w >> j) & 1;
      }
      int message = digits[0] << 3 | digits[1] << 2 | digits[2] << 1 | digits[3];
      if (!code.isCodeword(digits)) {
        syndromes++;
        assertEquals(Rejection.NONZERO_SYNDROME, decisions.rejection(w), "word " + w);
      } else if (message >= 10) {
        unowned++;
        assertEquals(Rejection.UNASSIGNED_WORD, decisions.rejection(w), "word " + w);
      } else {
        assertEquals(message, decisions.label(w), "word " + w);
      }
      if (decisions.rejected(w)) {
        assertEquals((float) (1 / (1 + Math.exp(-2.0))), decisions.confidence(w), 1e-6f);
      }
    }
    assertEquals(1024 - 16, syndromes);
    assertEquals(6, unowned);
  }

  @Test
  void crc7SingleBitErrorIsDetectedAndUnownedCodewordIsRejected() {
    LinearBlockCode code = Fixtures.crc7Code();
    Codebook book = Fixtures.crc7Codebook();
    PreparedDecoder decoder = Fixtures.prepare("zadeh", List.of(book), Map.of());
    float[] outputs = new float[3 * 10];
    int[] seven = code.encode(Fixtures.message(7));
    int[] twelve = code.encode(Fixtures.message(12));
    for (int j = 0; j < 10; j++) {
      outputs[j] = seven[j] == 1 ? 4f : -4f;
      outputs[10 + j] = outputs[j];
      outputs[20 + j] = twelve[j] == 1 ? 4f : -4f;
    }
    outputs[10 + 5] = -outputs[10 + 5];
    Decisions decisions = Decisions.withCapacity(3);
    float[] posteriors = new float[3 * 10];

    decoder.decode(outputs, decisions);
    decoder.posteriors(outputs, 0, 3, posteriors);

    assertEquals(7, decisions.label(0));
    assertEquals(Rejection.NONZERO_SYNDROME, decisions.rejection(1));
    assertEquals(Rejection.UNASSIGNED_WORD, decisions.rejection(2));
    float[] expected = new float[30];
    expected[7] = 1f;
    assertArrayEquals(expected, posteriors);
  }

  @Test
  void thresholdRejectsWinnersOfLowTruth() {
    Codebook book = Fixtures.crc7Codebook();
    float logitOf07 = (float) Math.log(0.7 / 0.3);
    float[] outputs = Fixtures.scaledCodewords(List.of(book), new int[] {3, 3}, logitOf07);
    for (int j = 0; j < 10; j++) {
      outputs[10 + j] *= 3f;
    }
    for (String space : List.of("full", "classes")) {
      PreparedDecoder strict =
          Fixtures.prepare("zadeh", List.of(book), Map.of("space", space, "threshold", "0.8"));
      PreparedDecoder lenient =
          Fixtures.prepare("zadeh", List.of(book), Map.of("space", space, "threshold", "0.6"));
      Decisions decisions = Decisions.withCapacity(2);
      float[] posteriors = new float[20];

      strict.decode(outputs, decisions);
      strict.posteriors(outputs, 0, 2, posteriors);

      assertEquals(Rejection.BELOW_THRESHOLD, decisions.rejection(0), space);
      assertEquals(0.7f, decisions.confidence(0), 1e-5f);
      assertEquals(3, decisions.label(1), "truth sigmoid(3 logit(0.7)) passes 0.8");
      for (int c = 0; c < 10; c++) {
        assertEquals(0f, posteriors[c], "rejected row is zero");
      }
      lenient.decode(outputs, decisions);
      assertEquals(3, decisions.label(0), space);
      assertFalse(decisions.rejected(1));
    }
  }

  @Test
  void linearNormalizationOfEqualOutputsIsOneHalfAndVectorOfZeroIsZero() {
    double[] into = new double[3];
    Normalization.LINEAR.apply(new float[] {9f, 2f, 2f, 2f}, 1, into);
    assertArrayEquals(new double[] {0.5, 0.5, 0.5}, into);
    Normalization.VECTOR.apply(new float[] {0f, 0f, 0f}, 0, into);
    assertArrayEquals(new double[] {0, 0, 0}, into);
    Normalization.VECTOR.apply(new float[] {3f, -4f, 0f}, 0, into);
    assertArrayEquals(new double[] {0.6, 0, 0}, into, 1e-12);
    Normalization.LINEAR.apply(new float[] {-1f, 3f, 1f}, 0, into);
    assertArrayEquals(new double[] {0, 1, 0.5}, into, 1e-12);
  }

  @Test
  void vectorNormalizationDecodesAOneHotOutput() {
    Codebook oneHot =
        Codebook.of(new int[][] {{1, -1, -1, -1}, {-1, 1, -1, -1}, {-1, -1, 1, -1}, {-1, -1, -1, 1}});
    float[] outputs = {0.1f, -0.3f, 2f, 0.2f};
    Decisions decisions = Decisions.withCapacity(1);
    for (String space : List.of("full", "classes")) {
      Fixtures.prepare("zadeh", List.of(oneHot), Map.of("normalization", "vector", "space", space))
          .decode(outputs, decisions);
      assertEquals(2, decisions.label(0), space);
    }
  }

  @Test
  void classSpaceWithAllTruthsZeroHasAUniformPosterior() {
    Codebook book = Codebook.of(new int[][] {{1, -1}, {-1, 1}});
    float[] outputs = {5f, 5f};
    float[] posteriors = new float[2];
    Decisions decisions = Decisions.withCapacity(1);
    PreparedDecoder decoder =
        Fixtures.prepare(
            "zadeh", List.of(book), Map.of("space", "classes", "normalization", "vector"));

    decoder.posteriors(outputs, 0, 1, posteriors);
    decoder.decode(outputs, decisions);

    assertArrayEquals(new float[] {0.5f, 0.5f}, posteriors, 1e-6f);
    assertEquals(0, decisions.label(0), "tie goes to the lowest class");
  }

  private static Codebook everyWord(int length) {
    int words = 1 << length;
    int[][] rows = new int[Math.max(words, 2)][];
    for (int w = 0; w < words; w++) {
      rows[w] = new int[length];
      for (int j = 0; j < length; j++) {
        rows[w][j] = ((w >> j) & 1) == 1 ? 1 : -1;
      }
    }
    return Codebook.of(rows);
  }
}
