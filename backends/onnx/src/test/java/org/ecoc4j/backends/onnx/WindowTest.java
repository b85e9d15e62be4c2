package org.ecoc4j.backends.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.ecoc4j.backends.onnx.graph.Attributes;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;
import org.ecoc4j.backends.onnx.graph.TensorInfo;
import org.ecoc4j.backends.onnx.graph.Window;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Window geometry and the layers built on it: Conv with groups and asymmetric pads, pooling. */
class WindowTest {

  /**
   * The smallest window on the smallest input, the largest on the largest, a window that just
   * fits, then 200 cases whose geometry is drawn from their seed (drawn again until the window
   * fits).
   */
  static Stream<Arguments> windows() {
    Stream<Arguments> edges = Stream.of(
        Arguments.of(0L, 1, 1, 1, 0, 0, 1),
        Arguments.of(0L, 12, 4, 3, 3, 3, 3),
        Arguments.of(0L, 4, 4, 3, 3, 3, 3));
    Stream<Arguments> drawn = LongStream.range(0, 200).mapToObj(seed -> {
      SplittableRandom random = new SplittableRandom(seed);
      while (true) {
        int size = random.nextInt(1, 13);
        int kernel = random.nextInt(1, 5);
        int stride = random.nextInt(1, 4);
        int padBegin = random.nextInt(0, 4);
        int padEnd = random.nextInt(0, 4);
        int dilation = random.nextInt(1, 4);
        if (size + padBegin + padEnd >= (kernel - 1) * dilation + 1) {
          return Arguments.of(seed, size, kernel, stride, padBegin, padEnd, dilation);
        }
      }
    });
    return Stream.concat(edges, drawn);
  }

  /** The closed form counts the positions where the dilated kernel fits in the padded input. */
  @ParameterizedTest(name = "seed={0} size={1} kernel={2} stride={3} padBegin={4} padEnd={5} "
      + "dilation={6}")
  @MethodSource("windows")
  void outputSizeCountsTheWindowPositions(
      long seed, int size, int kernel, int stride, int padBegin, int padEnd, int dilation) {
    Window w = new Window(new long[] {kernel, 1}, new long[] {stride, 1},
        new long[] {padBegin, 0, padEnd, 0}, new long[] {dilation, 1});
    int extent = (kernel - 1) * dilation + 1;
    int positions = 0;
    for (int start = -padBegin; start + extent <= size + padEnd; start += stride) {
      positions++;
    }
    assertEquals(positions, w.outputSize(0, size, "height"));
  }

  @Test
  void badWindowsAreRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> new Window(new long[] {3}, new long[] {1, 1}, new long[4], new long[] {1, 1}));
    assertThrows(IllegalArgumentException.class,
        () -> new Window(new long[] {3, 3}, new long[] {0, 1}, new long[4], new long[] {1, 1}));
    assertThrows(IllegalArgumentException.class,
        () -> new Window(new long[] {3, 3}, new long[] {1, 1}, new long[] {0, -1, 0, 0},
            new long[] {1, 1}));
    IllegalArgumentException tooSmall = assertThrows(IllegalArgumentException.class,
        () -> Window.square(5, 1, 0).outputSize(0, 3, "height"));
    assertTrue(tooSmall.getMessage().contains("does not fit"), tooSmall.getMessage());
  }

  @Test
  void asymmetricConvPaddingBecomesAZeroPadAndGroupsAreChecked() {
    GraphBuilder g = new GraphBuilder();
    g.input("x", TensorInfo.floats(TensorInfo.BATCH, 4, 6, 6));
    g.input("w", TensorInfo.floats(8, 2, 3, 3));
    Window w = new Window(new long[] {3, 3}, new long[] {2, 2}, new long[] {0, 1, 1, 0},
        new long[] {1, 1});
    String y = g.conv("x", "w", null, w, 2);
    assertEquals(TensorInfo.floats(TensorInfo.BATCH, 8, 3, 3), g.info(y));
    List<NodeProto> nodes = g.nodes();
    assertEquals("Pad", nodes.get(0).getOpType());
    assertArrayEquals(
        new long[] {0, 0, 0, 1, 0, 0, 1, 0}, g.longConstant(nodes.get(0).getInput(1)));
    assertArrayEquals(new long[] {0, 0, 0, 0}, Attributes.intsOf(nodes.get(1), "pads"));
    assertEquals(2, Attributes.intOf(nodes.get(1), "group", 0));
    IllegalArgumentException groups = assertThrows(IllegalArgumentException.class,
        () -> g.conv("x", "w", null, Window.square(3, 1, 1), 3));
    assertTrue(groups.getMessage().contains("group"), groups.getMessage());
  }

  @Test
  void poolingChecksItsWindow() {
    GraphBuilder g = new GraphBuilder();
    g.input("x", TensorInfo.floats(TensorInfo.BATCH, 2, 7, 5));
    Window w = new Window(new long[] {3, 2}, new long[] {2, 2}, new long[] {1, 0, 1, 1},
        new long[] {1, 1});
    TensorInfo pooled = TensorInfo.floats(TensorInfo.BATCH, 2, 4, 3);
    assertEquals(pooled, g.info(g.averagePool("x", w, false)));
    assertEquals(pooled, g.info(g.maxPool("x", w).output()));
    assertThrows(IllegalArgumentException.class, () -> g.averagePool("x",
        new Window(new long[] {2, 2}, new long[] {1, 1}, new long[] {2, 0, 0, 0},
            new long[] {1, 1}), true));
    Window dilated = new Window(new long[] {2, 2}, new long[] {1, 1}, new long[4],
        new long[] {2, 1});
    assertEquals(TensorInfo.floats(TensorInfo.BATCH, 2, 5, 4),
        g.info(g.maxPool("x", dilated).output()));
    assertThrows(IllegalArgumentException.class, () -> g.averagePool("x", dilated, true));
    assertThrows(IllegalArgumentException.class, () -> g.clip("x", 6f, 0f));
  }
}
