package org.ecoc4j.decoders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.codebook.LinearBlockCode;
import org.ecoc4j.api.decoding.Decisions;
import org.ecoc4j.api.decoding.PreparedDecoder;
import org.ecoc4j.api.decoding.Rejection;
import org.ecoc4j.api.plugin.InvalidOptionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fuzzy truth of the zero syndrome {@code t(r = 0)} (Eq. 13-14, Theorem 2) against values
 * computed by hand on a (4, 2) code, Theorem 2 on the paper's CRC7 code for random outputs, and
 * the zadeh decoder's {@code threshold-on=syndrome}.
 */
class SyndromeTruthTest {

  /**
   * The (4, 2) code with {@code P^T = [[1, 0], [1, 1]]}: {@code H = [[1, 1, 1, 0], [0, 1, 0, 1]]};
   * codewords 0000, 0111, 1010, 1101 for the messages 00, 01, 10, 11.
   */
  private static final LinearBlockCode SMALL =
      LinearBlockCode.systematic(new int[][] {{1, 0}, {1, 1}});

  /** Class c owns the codeword of message c. */
  private static Codebook smallBook() {
    int[][] rows = new int[4][];
    for (int c = 0; c < 4; c++) {
      rows[c] = Fixtures.signs(SMALL.encode(new int[] {c >> 1, c & 1}));
    }
    return Codebook.ofLinearCode(SMALL, rows);
  }

  /** Raw outputs whose sigmoid is {@code y}. */
  private static float[] logits(double... y) {
    float[] o = new float[y.length];
    for (int j = 0; j < y.length; j++) {
      o[j] = (float) Math.log(y[j] / (1 - y[j]));
    }
    return o;
  }

  /**
   * y = (0.9, 0.2, 0.7, 0.4) rounds to 1010, a codeword. Row 0 folds bits 0, 1, 2: t(sum = 1)
   * goes 0.9, then max(min(0.1, 0.2), min(0.9, 0.8)) = 0.8, then max(min(0.2, 0.7), min(0.8,
   * 0.3)) = 0.3, so t(r_0 = 0) = 0.7; row 1 folds bits 1, 3: 0.2, then max(min(0.8, 0.4),
   * min(0.2, 0.6)) = 0.4, so t(r_1 = 0) = 0.6; t(r = 0) = min = 0.6, the codeword's truth.
   * y = (0.9, 0.2, 0.3, 0.4) rounds to 1000, syndrome 10: row 0 ends at max(min(0.2, 0.3),
   * min(0.8, 0.7)) = 0.7, t(r_0 = 0) = 0.3; t(r = 0) = 0.3.
   */
  @Test
  void zeroSyndromeTruthEqualsTheValuesComputedByHand() {
    SyndromeTruth truth = new SyndromeTruth(SMALL);
    assertEquals(0.6, truth.zeroTruth(new double[] {0.9, 0.2, 0.7, 0.4}), 1e-12);
    assertEquals(0.3, truth.zeroTruth(new double[] {0.9, 0.2, 0.3, 0.4}), 1e-12);
  }

  static LongStream seeds() {
    return LongStream.range(0, 200);
  }

  /**
   * Theorem 2 on CRC7: {@code t(r = 0) > 1/2} exactly when the rounded output has a zero
   * syndrome, and then it equals the winning codeword's truth {@code min_j max(y_j, 1 - y_j)}
   * (every column of H has a 1).
   */
  @ParameterizedTest(name = "seed={0}")
  @MethodSource("seeds")
  void theZeroSyndromeIsTrueExactlyWhenTheRoundedOutputIsACodeword(long seed) {
    Random random = new Random(seed);
    LinearBlockCode code = Fixtures.crc7Code();
    double[] y = new double[code.n()];
    int[] rounded = new int[code.n()];
    boolean nearCodeword = random.nextBoolean();
    int[] codeword = code.encode(Fixtures.message(random.nextInt(16)));
    double winner = 1;
    for (int j = 0; j < y.length; j++) {
      double v = 0.01 + 0.98 * random.nextDouble();
      if (nearCodeword) {
        v = codeword[j] == 1 ? 0.5 + v / 2 : 0.5 - v / 2;
      }
      y[j] = v == 0.5 ? 0.51 : v;
      rounded[j] = y[j] > 0.5 ? 1 : 0;
      winner = Math.min(winner, Math.max(y[j], 1 - y[j]));
    }
    double t = new SyndromeTruth(code).zeroTruth(y);
    if (code.isCodeword(rounded)) {
      assertEquals(winner, t, 1e-12, "zero syndrome: the codeword's truth");
    } else {
      assertTrue(t < 0.5, "non-zero syndrome: t(r = 0) = " + t);
    }
  }

  @Test
  void theThresholdOnTheSyndromeReadsTheZeroSyndromeTruth() {
    List<Codebook> book = List.of(smallBook());
    Decisions decisions = Decisions.withCapacity(1);
    PreparedDecoder syndrome =
        Fixtures.prepare("zadeh", book, Map.of("threshold-on", "syndrome"));
    syndrome.decode(logits(0.9, 0.2, 0.7, 0.4), decisions);
    assertEquals(2, decisions.label(0), "1010 is the codeword of message 10");
    assertEquals(0.6, decisions.confidence(0), 1e-6);
    syndrome.decode(logits(0.9, 0.2, 0.3, 0.4), decisions);
    assertEquals(Rejection.NONZERO_SYNDROME, decisions.rejection(0));
    assertEquals(0.3, decisions.confidence(0), 1e-6, "t(r = 0), not the winner's 0.6");
    PreparedDecoder codeword = Fixtures.prepare("zadeh", book, Map.of());
    codeword.decode(logits(0.9, 0.2, 0.3, 0.4), decisions);
    assertEquals(0.6, decisions.confidence(0), 1e-6, "the winner's truth by default");

    PreparedDecoder strict =
        Fixtures.prepare("zadeh", book, Map.of("threshold-on", "syndrome", "threshold", "0.65"));
    strict.decode(logits(0.9, 0.2, 0.7, 0.4), decisions);
    assertEquals(Rejection.BELOW_THRESHOLD, decisions.rejection(0));
    PreparedDecoder lenient =
        Fixtures.prepare("zadeh", book, Map.of("threshold-on", "syndrome", "threshold", "0.55"));
    lenient.decode(logits(0.9, 0.2, 0.7, 0.4), decisions);
    assertEquals(2, decisions.label(0));
  }

  @Test
  void theThresholdOnTheSyndromeNeedsALinearCodeAndTheFullSpace() {
    Codebook plain = Codebook.of(new int[][] {{1, 1, -1}, {-1, 1, 1}});
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class,
            () -> Fixtures.prepare("zadeh", List.of(plain), Map.of("threshold-on", "syndrome")));
    assertTrue(e.getMessage().contains("threshold-on=syndrome"), e.getMessage());
    InvalidOptionException classes =
        assertThrows(InvalidOptionException.class,
            () -> Fixtures.prepare("zadeh", List.of(smallBook()),
                Map.of("threshold-on", "syndrome", "space", "classes")));
    assertEquals("threshold-on", classes.option());
  }
}
