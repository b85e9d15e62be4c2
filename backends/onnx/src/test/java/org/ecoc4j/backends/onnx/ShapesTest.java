package org.ecoc4j.backends.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.ecoc4j.backends.onnx.graph.Shapes;
import org.ecoc4j.backends.onnx.graph.TensorInfo;
import org.junit.jupiter.api.Test;

class ShapesTest {

  @Property
  void broadcastIsCommutative(
      @ForAll @Size(max = 4) long @IntRange(min = 1, max = 3) [] a,
      @ForAll @Size(max = 4) long @IntRange(min = 1, max = 3) [] b) {
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

  @Property
  void reshapeKeepsTheElementCount(
      @ForAll @IntRange(min = 1, max = 6) int x,
      @ForAll @IntRange(min = 1, max = 6) int y,
      @ForAll @IntRange(min = 1, max = 6) int z) {
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
