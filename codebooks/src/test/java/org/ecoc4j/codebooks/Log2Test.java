package org.ecoc4j.codebooks;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class Log2Test {

  /**
   * The smallest numbers, both sides of 2^30 and the largest int, then 200 cases drawn from their
   * seed with a magnitude drawn first (1 to 2^31 - 1 shifted right by 0 to 30 bits), so small and
   * large numbers are both common.
   */
  static Stream<Arguments> positiveInts() {
    Stream<Arguments> edges = Stream.of(1, 2, 3, 4, 5, (1 << 30) - 1, 1 << 30, (1 << 30) + 1,
        Integer.MAX_VALUE - 1, Integer.MAX_VALUE).map(n -> Arguments.of(0L, n));
    Stream<Arguments> drawn = LongStream.range(0, 200).mapToObj(seed -> {
      SplittableRandom random = new SplittableRandom(seed);
      return Arguments.of(seed, 1 + random.nextInt(Integer.MAX_VALUE >>> random.nextInt(0, 31)));
    });
    return Stream.concat(edges, drawn);
  }

  @ParameterizedTest(name = "seed={0} n={1}")
  @MethodSource("positiveInts")
  void ceilIsTheSmallestPowerCoveringN(long seed, int n) {
    int bits = Log2.ceil(n);

    assertTrue((1L << bits) >= n, "2^" + bits + " >= " + n);
    assertTrue(bits == 0 || (1L << (bits - 1)) < n, "2^" + (bits - 1) + " < " + n);
  }

  @Test
  void refusesNonPositiveNumbers() {
    assertThrows(IllegalArgumentException.class, () -> Log2.ceil(0));
  }
}
