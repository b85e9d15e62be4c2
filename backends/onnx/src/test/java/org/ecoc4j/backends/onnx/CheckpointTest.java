package org.ecoc4j.backends.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.backends.onnx.training.Checkpoint;
import org.ecoc4j.backends.onnx.training.CheckpointReader;
import org.ecoc4j.backends.onnx.training.CheckpointWriter;
import org.ecoc4j.backends.onnx.training.NamedTensor;
import org.ecoc4j.backends.onnx.training.TrainingArtifacts;
import org.ecoc4j.backends.onnx.zoo.ModelZoo;
import org.ecoc4j.backends.onnx.zoo.ParameterInitializer;
import org.ecoc4j.backends.onnx.zoo.ParameterSpec;
import org.ecoc4j.backends.onnx.zoo.ZooModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

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

  /**
   * No tensors and the most tensors, then 50 cases whose counts are drawn from their seed; the
   * seed then draws the tensors.
   */
  static Stream<Arguments> tensorCounts() {
    Stream<Arguments> edges = Stream.of(Arguments.of(0L, 0, 0), Arguments.of(-1L, 6, 3));
    Stream<Arguments> drawn = LongStream.range(0, 50).mapToObj(seed -> {
      SplittableRandom random = new SplittableRandom(seed);
      return Arguments.of(seed, random.nextInt(0, 7), random.nextInt(0, 4));
    });
    return Stream.concat(edges, drawn);
  }

  @ParameterizedTest(name = "seed={0} trainable={1} frozen={2}")
  @MethodSource("tensorCounts")
  void writeThenReadGivesTheSameParameters(long seed, int trainable, int frozen) {
    List<NamedTensor> a = tensors("p", trainable, seed);
    List<NamedTensor> b = tensors("f", frozen, ~seed);
    Checkpoint read = CheckpointReader.read(CheckpointWriter.write(a, b));
    assertEquals(a, read.trainable());
    assertEquals(b, read.frozen());
  }

  /**
   * One and 40 flipped bytes, then 1000 cases whose flip count is drawn from their seed; the seed
   * then draws the positions and values.
   */
  static Stream<Arguments> corruptions() {
    Stream<Arguments> edges = Stream.of(Arguments.of(0L, 1), Arguments.of(-1L, 40));
    Stream<Arguments> drawn = LongStream.range(0, 1000)
        .mapToObj(seed -> Arguments.of(seed, new SplittableRandom(seed).nextInt(1, 41)));
    return Stream.concat(edges, drawn);
  }

  @ParameterizedTest(name = "seed={0} flips={1}")
  @MethodSource("corruptions")
  void corruptBytesAreRefusedWithIllegalArgument(long seed, int flips) {
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

  @Test
  void initialHoldsTheModelsOwnValuesByTrainabilityAndDrawsTheRestByName() {
    ZooModel model = ModelZoo.create(new ModelSpec("resnet20v2", new ImageShape(3, 32, 32), 10, 1));
    ParameterSpec head = ParameterSpec.weight("head_w", 8, 4, 8);
    List<ParameterSpec> params = new ArrayList<>(model.parameters());
    params.add(head);
    Checkpoint c = Checkpoint.initial(model, params, 5);
    Map<String, float[]> own = model.initialValues(5);
    List<NamedTensor> all = new ArrayList<>(c.trainable());
    all.addAll(c.frozen());
    assertEquals(params.size(), all.size());
    assertTrue(!c.frozen().isEmpty(), "resnet20v2's running statistics are frozen");
    for (ParameterSpec p : params) {
      NamedTensor t = c.parameter(p.name());
      assertTrue((p.trainable() ? c.trainable() : c.frozen()).contains(t), p.name());
      assertArrayEquals(p.dims(), t.dims(), p.name());
      float[] expected = p == head
          ? ParameterInitializer.initialize(List.of(head), 5).get("head_w")
          : own.get(p.name());
      assertArrayEquals(expected, t.values(), p.name());
    }
    assertEquals(params.stream().filter(ParameterSpec::trainable).map(ParameterSpec::name).toList(),
        c.trainable().stream().map(NamedTensor::name).toList());
    Checkpoint training = CheckpointReader.read(TrainingArtifacts.build(
        model, LossSpec.crossEntropy(10), TrainingConfig.adamW(1, 4, 5)).checkpoint());
    assertEquals(Checkpoint.initial(model, model.parameters(), 5), training);
  }
}
