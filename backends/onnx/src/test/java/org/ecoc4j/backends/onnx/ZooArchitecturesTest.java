package org.ecoc4j.backends.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;
import org.ecoc4j.backends.onnx.graph.TensorInfo;
import org.ecoc4j.backends.onnx.zoo.Activation;
import org.ecoc4j.backends.onnx.zoo.DenseNetBc;
import org.ecoc4j.backends.onnx.zoo.Forward;
import org.ecoc4j.backends.onnx.zoo.ModelZoo;
import org.ecoc4j.backends.onnx.zoo.ParameterSpec;
import org.ecoc4j.backends.onnx.zoo.ZooModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Parameter counts of the zoo against the papers, and output shapes for any spec. */
class ZooArchitecturesTest {

  private static final ImageShape CIFAR = new ImageShape(3, 32, 32);

  private static long count(String architecture, ImageShape shape, int outputs, int members) {
    ZooModel model = ModelZoo.create(new ModelSpec(architecture, shape, outputs, members));
    long total = 0;
    for (ParameterSpec p : model.parameters()) {
      long n = 1;
      for (long d : p.dims()) {
        n *= d;
      }
      total += n;
    }
    return total;
  }

  private static long trainable(String architecture) {
    ZooModel model = ModelZoo.create(new ModelSpec(architecture, CIFAR, 10, 1));
    long total = 0;
    for (ParameterSpec p : model.parameters()) {
      if (p.trainable()) {
        long n = 1;
        for (long d : p.dims()) {
          n *= d;
        }
        total += n;
      }
    }
    return total;
  }

  @Test
  void cnn1AndCnn2MatchTheErrorDetectingPaper() {
    // "The number of training parameters in CNN1 is 328K, in CNN2 1837K" (Table 3's networks on
    // CIFAR-10), counting batch normalization's running statistics as Keras does.
    assertEquals(328_458, count("cnn1", CIFAR, 10, 1));
    assertEquals(1_837_514, count("cnn2", CIFAR, 10, 1));
    assertEquals(2 * 328_458, count("cnn1", CIFAR, 10, 2), "members are replicas");
  }

  @Test
  void residualAndDenseNetworksMatchTheirPapers() {
    // He et al. 2016 report 0.46M for ResNet-32 with parameter-free shortcuts; the two projection
    // shortcuts (option B) add 16*32 + 32*64 weights and their batch normalization.
    assertEquals(464_154 + 16 * 32 + 32 * 64 + 2 * (32 + 64), trainable("resnet32"));
    // Zagoruyko and Komodakis report 2.7M (WRN-16-4) and 36.5M (WRN-28-10).
    assertEquals(2.7e6, trainable("wrn-16-4"), 0.05e6);
    assertEquals(36.5e6, trainable("wrn-28-10"), 0.05e6);
    // Huang et al. report 0.8M for DenseNet-BC with depth 100 and k = 12; the zoo's depth 40 is
    // smaller.
    long dense100 = 0;
    for (ParameterSpec p :
        new DenseNetBc(new ModelSpec("densenet-bc", CIFAR, 10, 1), 100, 12, Activation.RELU)
            .parameters()) {
      dense100 += p.trainable() ? java.util.Arrays.stream(p.dims()).reduce(1, (a, b) -> a * b) : 0;
    }
    assertEquals(0.8e6, dense100, 0.05e6);
    assertTrue(trainable("densenet-bc") < dense100 / 3);
  }

  @ParameterizedTest
  @ValueSource(strings = {"cnn1", "cnn2", "resnet32", "wrn-16-4", "wrn-28-10", "densenet-bc"})
  void everyArchitectureBuildsTrainingAndEvaluationGraphs(String architecture) {
    ModelSpec spec = new ModelSpec(architecture, new ImageShape(3, 28, 28), 7, 2);
    ZooModel model = ModelZoo.create(spec);
    for (boolean training : new boolean[] {true, false}) {
      GraphBuilder g = new GraphBuilder();
      g.input("images", TensorInfo.floats(TensorInfo.BATCH, 3, 28, 28));
      for (ParameterSpec p : model.parameters()) {
        g.input(p.name(), TensorInfo.floats(p.dims()));
      }
      Forward forward = model.forward(g, "images", training);
      assertEquals(List.of(TensorInfo.BATCH, 14L),
          java.util.Arrays.stream(g.info(forward.output()).dims()).boxed().toList());
      long statistics = model.parameters().stream().filter(p -> !p.trainable()).count();
      assertEquals(training ? statistics : 0, forward.statisticUpdates().size());
      int dropoutLayers = architecture.startsWith("cnn") ? 2 * spec.members() : 0;
      assertEquals(training ? dropoutLayers : 0, forward.dropoutNoise().size());
    }
  }

  /**
   * The smallest image with one output and the largest with 12, then 20 cases whose side and
   * outputs are drawn from their seed.
   */
  static Stream<Arguments> sidesAndOutputs() {
    Stream<Arguments> edges = Stream.of(Arguments.of(0L, 23, 1), Arguments.of(0L, 40, 12));
    Stream<Arguments> drawn = LongStream.range(0, 20).mapToObj(seed -> {
      SplittableRandom random = new SplittableRandom(seed);
      return Arguments.of(seed, random.nextInt(23, 41), random.nextInt(1, 13));
    });
    return Stream.concat(edges, drawn);
  }

  @ParameterizedTest(name = "seed={0} side={1} outputs={2}")
  @MethodSource("sidesAndOutputs")
  void cnnOutputWidthFollowsTheSpec(long seed, int side, int outputs) {
    ModelSpec spec = new ModelSpec("cnn1", new ImageShape(1, side, side), outputs, 1);
    GraphBuilder g = new GraphBuilder();
    g.input("images", TensorInfo.floats(TensorInfo.BATCH, 1, side, side));
    ZooModel model = ModelZoo.create(spec);
    for (ParameterSpec p : model.parameters()) {
      g.input(p.name(), TensorInfo.floats(p.dims()));
    }
    assertEquals(outputs, g.info(model.forward(g, "images", true).output()).dim(1));
  }

  @Test
  void tooSmallOrOddImagesAreRefusedWithTheReason() {
    IllegalArgumentException cnn =
        assertThrows(IllegalArgumentException.class,
            () -> ModelZoo.create(new ModelSpec("cnn1", new ImageShape(1, 22, 22), 10, 1)));
    assertTrue(cnn.getMessage().contains("at least 23x23"), cnn.getMessage());
    IllegalArgumentException dense =
        assertThrows(IllegalArgumentException.class,
            () -> ModelZoo.create(new ModelSpec("densenet-bc", new ImageShape(1, 30, 30), 10, 1)));
    assertTrue(dense.getMessage().contains("multiples of 4"), dense.getMessage());
    IllegalArgumentException unknown =
        assertThrows(IllegalArgumentException.class,
            () -> ModelZoo.create(new ModelSpec("vgg16", CIFAR, 10, 1)));
    assertTrue(unknown.getMessage().contains("wrn-28-10"), unknown.getMessage());
  }
}
