package org.ecoc4j.api.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
  void ofLeavesTheStepToTheAttack() {
    Budget budget = Budget.of(Norm.L2, 0.5, 10);
    assertTrue(budget.referenceStep());
    assertEquals(0.125, budget.stepSizeOr(2.5), 1e-15);
    assertEquals(0.01, budget.withStepSize(0.01).stepSizeOr(2.5), 1e-15);
    assertFalse(budget.withStepSize(0.01).referenceStep());
    assertEquals(Budget.PIXEL_MIN, budget.lower());
    assertEquals(Budget.PIXEL_MAX, budget.upper());
  }
}
