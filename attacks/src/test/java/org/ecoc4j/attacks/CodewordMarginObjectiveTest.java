package org.ecoc4j.attacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.ecoc4j.api.attack.Objective;
import org.ecoc4j.testkit.ArrayTerms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code codeword-margin} on arrays: its value is {@code max_{c != y} a_c - a_y} with {@code a_c =
 * min_j b_cj z_j}, and it is positive exactly when another class's codeword agrees with every
 * output's sign better than the label's; a rounded word that is a wrong class's codeword makes it
 * positive.
 */
class CodewordMarginObjectiveTest {

  private static final Objective OBJECTIVE = new CodewordMarginObjective();

  static LongStream seeds() {
    return LongStream.range(1, 31);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void equalsTheMarginOfWorstBitAgreements(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int classes = 2 + random.nextInt(9);
    int width = 2 + random.nextInt(15);
    int batch = 1 + random.nextInt(6);
    double[][] codewords = new double[classes][width];
    for (double[] row : codewords) {
      for (int j = 0; j < width; j++) {
        row[j] = random.nextBoolean() ? 1 : -1;
      }
    }
    double[][] outputs = new double[batch][width];
    int[] labels = new int[batch];
    for (int b = 0; b < batch; b++) {
      labels[b] = random.nextInt(classes);
      for (int j = 0; j < width; j++) {
        outputs[b][j] = 3 * (random.nextDouble() - 0.5);
      }
    }
    ArrayTerms terms = ArrayTerms.withCodewords(outputs, labels, codewords);
    double[] values = ArrayTerms.column(OBJECTIVE.loss(terms));
    for (int b = 0; b < batch; b++) {
      double[] agreement = new double[classes];
      for (int c = 0; c < classes; c++) {
        agreement[c] = Double.POSITIVE_INFINITY;
        for (int j = 0; j < width; j++) {
          agreement[c] = Math.min(agreement[c], codewords[c][j] * outputs[b][j]);
        }
      }
      double best = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < classes; c++) {
        if (c != labels[b]) {
          best = Math.max(best, agreement[c]);
        }
      }
      assertEquals(best - agreement[labels[b]], values[b], 1e-12, "seed " + seed + " row " + b);
    }
  }

  @Test
  void aRoundedWrongCodewordMakesItPositive() {
    double[][] codewords = {{1, 1, -1}, {-1, 1, 1}, {1, -1, 1}};
    // Signs of class 1's codeword: the rounded word is class 1's, accepted as a wrong class.
    double[][] outputs = {{-0.2, 2, 0.5}};
    double value = ArrayTerms.column(
        OBJECTIVE.loss(ArrayTerms.withCodewords(outputs, new int[] {0}, codewords)))[0];
    // a_0 = min(-0.2, 2, -0.5) = -0.5, a_1 = min(0.2, 2, 0.5) = 0.2, a_2 = min(-0.2, -2, 0.5) = -2
    assertEquals(0.2 - -0.5, value, 1e-12);
    double atOne = ArrayTerms.column(
        OBJECTIVE.loss(ArrayTerms.withCodewords(outputs, new int[] {1}, codewords)))[0];
    assertEquals(-0.5 - 0.2, atOne, 1e-12, "negative at the class whose codeword is the word");
  }

  @Test
  void aNetworkWithoutCodewordsIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> OBJECTIVE.loss(new ArrayTerms(new double[][] {{1, 2}}, new int[] {0})));
    assertEquals("codewords: these terms have none", e.getMessage());
  }
}
