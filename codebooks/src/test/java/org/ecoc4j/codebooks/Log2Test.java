package org.ecoc4j.codebooks;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class Log2Test {

  @Property(tries = 200)
  void ceilIsTheSmallestPowerCoveringN(@ForAll @IntRange(min = 1) int n) {
    int bits = Log2.ceil(n);

    assertTrue((1L << bits) >= n, "2^" + bits + " >= " + n);
    assertTrue(bits == 0 || (1L << (bits - 1)) < n, "2^" + (bits - 1) + " < " + n);
  }

  @Test
  void refusesNonPositiveNumbers() {
    assertThrows(IllegalArgumentException.class, () -> Log2.ceil(0));
  }
}
