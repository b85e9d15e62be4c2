package org.ecoc4j.backends.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.ecoc4j.backends.onnx.training.Checkpoint;
import org.ecoc4j.backends.onnx.training.CheckpointReader;
import org.ecoc4j.backends.onnx.training.CheckpointWriter;
import org.ecoc4j.backends.onnx.training.NamedTensor;
import org.junit.jupiter.api.Test;

class CheckpointTest {

  private static List<NamedTensor> tensors(String prefix, int count, long seed) {
    Random random = new Random(seed);
    List<NamedTensor> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int rank = random.nextInt(4);
      long[] dims = new long[rank];
      int n = 1;
      for (int d = 0; d < rank; d++) {
        dims[d] = 1 + random.nextInt(4);
        n *= (int) dims[d];
      }
      float[] values = new float[n];
      for (int v = 0; v < n; v++) {
        values[v] = (float) random.nextGaussian();
      }
      out.add(new NamedTensor(prefix + i, dims, values));
    }
    return out;
  }

  @Property(tries = 50)
  void writeThenReadGivesTheSameParameters(
      @ForAll @IntRange(min = 0, max = 6) int trainable,
      @ForAll @IntRange(min = 0, max = 3) int frozen,
      @ForAll long seed) {
    List<NamedTensor> a = tensors("p", trainable, seed);
    List<NamedTensor> b = tensors("f", frozen, ~seed);
    Checkpoint read = CheckpointReader.read(CheckpointWriter.write(a, b));
    assertEquals(a, read.trainable());
    assertEquals(b, read.frozen());
  }

  @Property(tries = 1000)
  void corruptBytesAreRefusedWithIllegalArgument(@ForAll long seed, @ForAll @IntRange(min = 1, max = 40) int flips) {
    byte[] bytes = CheckpointWriter.write(tensors("p", 3, 1), List.of());
    Random random = new Random(seed);
    for (int i = 0; i < flips; i++) {
      bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
    }
    try {
      CheckpointReader.read(bytes);
    } catch (IllegalArgumentException expected) {
      // a clear refusal is fine; any other exception type fails the property
    }
  }

  @Test
  void refusesOtherFilesAndDuplicates() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CheckpointReader.read(new byte[12]));
    assertTrue(e.getMessage().contains("identifier"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> CheckpointReader.read(new byte[3]));
    NamedTensor t = new NamedTensor("w", new long[] {1}, new float[] {1});
    assertThrows(IllegalArgumentException.class, () -> CheckpointWriter.write(List.of(t), List.of(t)));
    NamedTensor nan = new NamedTensor("n", new long[] {1}, new float[] {Float.NaN});
    assertThrows(IllegalArgumentException.class, () -> CheckpointWriter.write(List.of(nan), List.of()));
    assertThrows(IllegalArgumentException.class, () -> new NamedTensor("x", new long[] {2}, new float[3]));
  }
}
