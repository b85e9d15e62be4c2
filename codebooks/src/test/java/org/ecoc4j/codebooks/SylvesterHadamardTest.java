package org.ecoc4j.codebooks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SylvesterHadamardTest {

  @Test
  void rowsOfOrderFourMatchTheTextbookMatrix() {
    assertArrayEquals(new int[] {1, 1, 1, 1}, SylvesterHadamard.row(4, 0));
    assertArrayEquals(new int[] {1, -1, 1, -1}, SylvesterHadamard.row(4, 1));
    assertArrayEquals(new int[] {1, 1, -1, -1}, SylvesterHadamard.row(4, 2));
    assertArrayEquals(new int[] {1, -1, -1, 1}, SylvesterHadamard.row(4, 3));
  }

  @Test
  void refusesOrdersThatAreNotPowersOfTwoAndRowsOutside() {
    assertThrows(IllegalArgumentException.class, () -> SylvesterHadamard.row(12, 1));
    assertThrows(IllegalArgumentException.class, () -> SylvesterHadamard.row(0, 0));
    assertThrows(IllegalArgumentException.class, () -> SylvesterHadamard.row(8, 8));
    assertThrows(IllegalArgumentException.class, () -> SylvesterHadamard.row(8, -1));
  }
}
