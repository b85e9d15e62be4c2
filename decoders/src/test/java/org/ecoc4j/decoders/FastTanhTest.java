package org.ecoc4j.decoders;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class FastTanhTest {

  @Property
  void agreesWithMathTanhToFloatPrecision(@ForAll float x) {
    float expected = (float) Math.tanh(x);
    assertEquals(expected, CorrelationSoftmaxRule.tanh(x), Math.ulp(expected) * 2, "tanh(" + x + ")");
  }

  @Test
  void keepsTheSignOfZeroAndSaturates() {
    assertEquals(0f, CorrelationSoftmaxRule.tanh(0f));
    assertEquals(-0f, CorrelationSoftmaxRule.tanh(-0f));
    assertEquals(1f, CorrelationSoftmaxRule.tanh(Float.MAX_VALUE));
    assertEquals(-1f, CorrelationSoftmaxRule.tanh(-40f));
  }
}
