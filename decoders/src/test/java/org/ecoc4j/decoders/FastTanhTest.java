package org.ecoc4j.decoders;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FastTanhTest {

  /**
   * Zeros, the smallest magnitude checked, ones, the region where tanh saturates in float and the
   * largest floats, of both signs, then 1000 cases drawn from their seed: half uniform in
   * [-20, 20], half any finite float of magnitude at least 1e-6 (random bits), so every magnitude
   * is covered. Below about 1e-8 the formula's {@code 1 - exp(-2|x|)} cancels in double and loses
   * float precision (the absolute error stays below 1e-16); the floats this law was first checked
   * on had two decimals, so it is checked from 1e-6 up.
   */
  static Stream<Arguments> floats() {
    Stream<Arguments> edges = Stream.of(0f, -0f, 1e-6f, -1e-6f, 0.01f, -0.01f, 1f, -1f, 9f, -9f,
        9.1f, -9.1f, 20f, -20f, Float.MAX_VALUE, -Float.MAX_VALUE).map(x -> Arguments.of(0L, x));
    Stream<Arguments> drawn = LongStream.range(0, 1000).mapToObj(seed -> {
      SplittableRandom random = new SplittableRandom(seed);
      float x;
      if (random.nextBoolean()) {
        x = (float) random.nextDouble(-20, 20);
      } else {
        do {
          x = Float.intBitsToFloat(random.nextInt());
        } while (!Float.isFinite(x) || Math.abs(x) < 1e-6f);
      }
      return Arguments.of(seed, x);
    });
    return Stream.concat(edges, drawn);
  }

  @ParameterizedTest(name = "seed={0} x={1}")
  @MethodSource("floats")
  void agreesWithMathTanhToFloatPrecision(long seed, float x) {
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
