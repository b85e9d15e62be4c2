package org.ecoc4j.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class AttackSuiteTest {

  @Test
  void radiiAreCheckedAsEveryBudgetChecksThem() {
    for (double bad : new double[] {-0.05, Double.NaN, Double.NEGATIVE_INFINITY}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> new AttackSuite(List.of("fgsm"), List.of(0.1, bad), 1, 10, 5, 1));
      assertEquals("epsilon must be finite and >= 0, got " + bad, e.getMessage());
    }
    assertEquals(List.of(0.0, 0.1),
        new AttackSuite(List.of("fgsm"), List.of(0.0, 0.1), 1, 10, 5, 1).epsilons());
  }

  @Test
  void emptyListsAndNonPositiveSizesAreRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> new AttackSuite(List.of(), List.of(0.1), 1, 10, 5, 1));
    assertThrows(IllegalArgumentException.class,
        () -> new AttackSuite(List.of("fgsm"), List.of(), 1, 10, 5, 1));
    assertThrows(IllegalArgumentException.class,
        () -> new AttackSuite(List.of("fgsm"), List.of(0.1), 1, 10, 0, 1));
  }
}
