package org.ecoc4j.api.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class BudgetTest {

  @Test
  void aRadiusIsFiniteAndNotNegative() {
    assertEquals(0.0, Budget.requireEpsilon(0.0));
    assertEquals(0.3, Budget.requireEpsilon(0.3));
    for (double bad : new double[] {-0.1, Double.NaN, Double.POSITIVE_INFINITY}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Budget.requireEpsilon(bad));
      assertEquals("epsilon must be finite and >= 0, got " + bad, e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> Budget.of(Norm.LINF, bad, 1));
    }
  }

  @Test
  void ofDividesTheRadiusOverTheSteps() {
    Budget budget = Budget.of(Norm.L2, 0.5, 10);
    assertEquals(0.05, budget.stepSize(), 1e-15);
    assertEquals(Budget.PIXEL_MIN, budget.lower());
    assertEquals(Budget.PIXEL_MAX, budget.upper());
  }
}
