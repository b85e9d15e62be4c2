package org.ecoc4j.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.ecoc4j.api.symbolic.Term;
import org.junit.jupiter.api.Test;

/** The reference terms against values computed by hand. */
class ArrayTermsTest {

  private static final double EPS = 1e-12;

  @Test
  void theTrainingLossIsTheCrossEntropyOfTheScores() {
    ArrayTerms terms = new ArrayTerms(new double[][] {{0, Math.log(3)}, {1, 1}}, new int[] {1, 0});
    double[] loss = ArrayTerms.column(terms.trainingLoss());
    assertEquals(-Math.log(3.0 / 4), loss[0], EPS);
    assertEquals(Math.log(2), loss[1], EPS);
  }

  @Test
  void codewordScoresAreCorrelations() {
    ArrayTerms terms = ArrayTerms.withCodewords(
        new double[][] {{0.5, -1, 2}}, new int[] {1}, new double[][] {{1, 1, 1}, {1, -1, -1}});
    assertArrayEquals(new double[] {1.5, -0.5}, ArrayTerms.values(terms.classScores())[0], EPS);
    assertArrayEquals(new double[] {0, 1}, ArrayTerms.values(terms.labels())[0], EPS);
  }

  @Test
  void aMaskedLogSumExpLeavesOutTheMaskedColumns() {
    ArrayTerms terms = ArrayTerms.withClasses(new double[][] {{1, 2, 3}}, new int[] {0}, 4);
    Term mask = terms.matrix(new float[] {1, 0, 1}, 1, 3);
    double value = ArrayTerms.column(terms.rowLogSumExp(terms.outputs(), mask))[0];
    assertEquals(Math.log(Math.exp(1) + Math.exp(3)), value, EPS);
    assertEquals(4, terms.labels().width());
    assertThrows(IllegalArgumentException.class, terms::codewords);
  }

  @Test
  void outputsAndLabelsMustAgree() {
    assertThrows(IllegalArgumentException.class,
        () -> new ArrayTerms(new double[][] {{1}}, new int[] {0, 1}));
  }
}
