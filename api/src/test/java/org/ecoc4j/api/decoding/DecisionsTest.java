package org.ecoc4j.api.decoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DecisionsTest {

  @Test
  void recordsAcceptedAndRejectedSamples() {
    Decisions decisions = Decisions.withCapacity(4);
    decisions.resize(2);
    decisions.accept(0, 3, 0.9f);
    decisions.reject(1, Rejection.NONZERO_SYNDROME, 0.6f);
    assertEquals(3, decisions.label(0));
    assertFalse(decisions.rejected(0));
    assertEquals(Rejection.NONE, decisions.rejection(0));
    assertEquals(0.9f, decisions.confidence(0));
    assertTrue(decisions.rejected(1));
    assertEquals(Rejection.NONZERO_SYNDROME, decisions.rejection(1));
    assertArrayEquals(new int[] {3, Decisions.REJECTED}, decisions.labels());
  }

  @Test
  void refusesOutOfRangeUse() {
    Decisions decisions = Decisions.withCapacity(2);
    assertThrows(IllegalArgumentException.class, () -> decisions.resize(3));
    decisions.resize(1);
    assertThrows(IndexOutOfBoundsException.class, () -> decisions.label(1));
    assertThrows(IllegalArgumentException.class, () -> decisions.accept(0, -1, 1f));
    assertThrows(IllegalArgumentException.class, () -> decisions.reject(0, Rejection.NONE, 1f));
    assertThrows(IllegalArgumentException.class, () -> Decisions.withCapacity(-1));
  }
}
