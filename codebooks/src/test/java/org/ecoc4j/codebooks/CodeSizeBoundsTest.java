package org.ecoc4j.codebooks;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class CodeSizeBoundsTest {

  @Test
  void ballVolumes() {
    assertEquals(BigInteger.ONE, CodeSizeBounds.ballVolume(10, 0));
    assertEquals(BigInteger.valueOf(8), CodeSizeBounds.ballVolume(7, 1));
    assertEquals(BigInteger.valueOf(2048), CodeSizeBounds.ballVolume(23, 3));
    assertEquals(BigInteger.ONE.shiftLeft(5), CodeSizeBounds.ballVolume(5, 5));
  }

  /** The perfect (23, 12) Golay code meets the sphere-packing bound with equality. */
  @Test
  void sphereBoundAdmitsTheGolayCodeAndNoMore() {
    DistanceRules golay = new DistanceRules(23, 7, 23);
    assertDoesNotThrow(() -> CodeSizeBounds.requireFeasible(4096, golay));

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> CodeSizeBounds.requireFeasible(4097, golay));
    assertTrue(e.getMessage().contains("sphere-packing"), e.getMessage());
    assertTrue(e.getMessage().contains("4096"), e.getMessage());
    assertTrue(e.getMessage().contains("N = 4097"), e.getMessage());
  }

  @Test
  void plotkinBoundForDistanceAboveHalfTheLength() {
    DistanceRules rules = new DistanceRules(10, 6, 10);
    assertDoesNotThrow(() -> CodeSizeBounds.requireFeasible(6, rules));

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CodeSizeBounds.requireFeasible(7, rules));
    assertTrue(e.getMessage().contains("Plotkin"), e.getMessage());
  }

  @Test
  void withoutComplementsAtMostHalfOfAllWords() {
    DistanceRules rules = new DistanceRules(3, 1, 3);
    assertDoesNotThrow(() -> CodeSizeBounds.requireFeasible(4, rules));

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CodeSizeBounds.requireFeasible(5, rules));
    assertTrue(e.getMessage().contains("2^(K-1) = 4"), e.getMessage());
  }

  @Test
  void distanceRulesRefuseEmptyRanges() {
    assertThrows(IllegalArgumentException.class, () -> new DistanceRules(10, 0, 10));
    assertThrows(IllegalArgumentException.class, () -> new DistanceRules(10, 5, 5));
    assertThrows(IllegalArgumentException.class, () -> new DistanceRules(10, 5, 11));
  }
}
