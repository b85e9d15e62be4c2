package org.ecoc4j.backends.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.ecoc4j.backends.onnx.graph.Shapes;
import org.ecoc4j.backends.onnx.graph.TensorInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ShapesTest {

  /**
   * Scalars against scalars and against the longest shapes, then 1000 cases whose two shapes (up to
   * 4 dimensions of 1 to 3) are drawn from their seed.
   */
  static Stream<Arguments> shapePairs() {
    Stream<Arguments> edges = Stream.of(
        Arguments.of(0L, new long[0], new long[0]),
        Arguments.of(0L, new long[0], new long[] {3, 1, 2, 3}),
        Arguments.of(0L, new long[] {1, 1, 1, 1}, new long[] {3, 3, 3, 3}));
    Stream<Arguments> drawn = LongStream.range(0, 1000).mapToObj(seed -> {
      SplittableRandom random = new SplittableRandom(seed);
      return Arguments.of(seed, shape(random), shape(random));
    });
    return Stream.concat(edges, drawn);
  }

  private static long[] shape(SplittableRandom random) {
    return random.longs(random.nextInt(0, 5), 1, 4).toArray();
  }

  @ParameterizedTest(name = "seed={0} a={1} b={2}")
  @MethodSource("shapePairs")
  void broadcastIsCommutative(long seed, long[] a, long[] b) {
    long[] ab;
    try {
      ab = Shapes.broadcast(a, b);
    } catch (IllegalArgumentException e) {
      assertThrows(IllegalArgumentException.class, () -> Shapes.broadcast(b, a));
      return;
    }
    assertArrayEquals(ab, Shapes.broadcast(b, a));
    assertEquals(Math.max(a.length, b.length), ab.length);
  }

  /** Every shape of 3 dimensions from 1 to 6. */
  static Stream<Arguments> threeDimensions() {
    return IntStream.rangeClosed(1, 6).boxed().flatMap(x -> IntStream.rangeClosed(1, 6).boxed()
        .flatMap(y -> IntStream.rangeClosed(1, 6).mapToObj(z -> Arguments.of(x, y, z))));
  }

  @ParameterizedTest(name = "x={0} y={1} z={2}")
  @MethodSource("threeDimensions")
  void reshapeKeepsTheElementCount(int x, int y, int z) {
    long[] out = Shapes.reshape(new long[] {x, y, z}, new long[] {-1, z});
    assertArrayEquals(new long[] {(long) x * y, z}, out);
    assertArrayEquals(new long[] {x, (long) y * z}, Shapes.reshape(new long[] {x, y, z}, new long[] {0, -1}));
  }

  @Test
  void symbolicBatchSurvivesReshapeWhenItStaysInFront() {
    long b = TensorInfo.BATCH;
    assertArrayEquals(new long[] {b, 12}, Shapes.reshape(new long[] {b, 3, 4}, new long[] {-1, 12}));
    assertArrayEquals(
        new long[] {TensorInfo.UNKNOWN, 4}, Shapes.reshape(new long[] {b, 12}, new long[] {-1, 4}));
  }

  /**
   * A target copying the symbolic batch (0) infers its -1 from one sample's elements (ShuffleNet's
   * channel shuffle {@code [0, -1, H, W]} after re-batching); refused when they do not divide.
   */
  @Test
  void minusOneBesideACopiedBatchIsInferredFromOneSample() {
    long b = TensorInfo.BATCH;
    assertArrayEquals(new long[] {b, 16, 4, 4},
        Shapes.reshape(new long[] {b, 8, 2, 4, 4}, new long[] {0, -1, 4, 4}));
    assertArrayEquals(new long[] {b, 2, 8, 3},
        Shapes.reshape(new long[] {b, 16, 3}, new long[] {0, 2, -1, 3}));
    assertThrows(IllegalArgumentException.class,
        () -> Shapes.reshape(new long[] {b, 5, 3}, new long[] {0, 2, -1}));
  }

  @Test
  void windowsAndReductions() {
    assertEquals(28, Shapes.windowOutput(28, 5, 1, 2, "h"));
    assertEquals(14, Shapes.windowOutput(28, 2, 2, 0, "h"));
    assertThrows(IllegalArgumentException.class, () -> Shapes.windowOutput(3, 5, 1, 0, "h"));
    assertArrayEquals(new long[] {2, 1, 4}, Shapes.reduce(new long[] {2, 3, 4}, new long[] {1}, true));
    assertArrayEquals(new long[] {}, Shapes.reduce(new long[] {2, 3, 4}, new long[0], false));
    assertThrows(IllegalArgumentException.class, () -> Shapes.broadcast(new long[] {2}, new long[] {3}));
  }
}
