package org.ecoc4j.backends.ort;

import static org.ecoc4j.backends.ort.GradientChecker.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.symbolic.BatchMixing;
import org.ecoc4j.api.symbolic.BlockMixing;
import org.ecoc4j.backends.onnx.autodiff.Differentiator;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;
import org.ecoc4j.backends.onnx.graph.TensorInfo;
import org.ecoc4j.backends.onnx.training.LossGraph;
import org.ecoc4j.backends.onnx.zoo.Activation;
import org.ecoc4j.backends.onnx.zoo.DenseNetBc;
import org.ecoc4j.backends.onnx.zoo.Forward;
import org.ecoc4j.backends.onnx.zoo.ParameterInitializer;
import org.ecoc4j.backends.onnx.zoo.ParameterSpec;
import org.ecoc4j.backends.onnx.zoo.ResNetV1;
import org.ecoc4j.backends.onnx.zoo.ResNetV2;
import org.ecoc4j.backends.onnx.zoo.VggCnn;
import org.ecoc4j.backends.onnx.zoo.WideResNet;
import org.ecoc4j.backends.onnx.zoo.ZooModel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Batch mixing around each block of the zoo's batch-normalized architectures (lenet's are checked
 * by {@link BlockMixingTest}), on small instances of each class (ELU, one block per stage): the
 * identity mixings around any block give the plain network's scores in evaluation and its whole
 * training step (the scores, the cross-entropy, the gradient of every trainable parameter and the
 * running statistics' next values, batch normalization on batch statistics, dropout from the same
 * noise); and around an inner block, with three images mixed into four rows entering and four
 * into two leaving, the gradients of the training-mode network with respect to the images, every
 * trainable parameter of the mixed block and the network's first and last agree with finite
 * differences (batch normalization inside the block then normalizes the four mixed rows).
 */
class ZooBlockMixingTest {

  private static final int BATCH = 4;
  private static final BatchMixing IDENTITY = BatchMixing.of(new float[] {
      1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1}, BATCH, BATCH);
  /** Three activations into four mixed ones. */
  private static final BatchMixing ENTERING =
      BatchMixing.of(
          new float[] {1, 0, 0, 0.5f, 0.5f, 0, 0, 0.25f, 0.75f, -0.2f, 0.4f, 0.8f}, 4, 3);
  /** Four block outputs back into two rows. */
  private static final BatchMixing LEAVING =
      BatchMixing.of(new float[] {0.3f, -0.6f, 0.9f, 0.1f, 0.7f, 0.2f, -0.4f, 0.5f}, 2, 4);
  private static final ImageShape SMALL = new ImageShape(3, 8, 8);
  private static final ImageShape VGG = new ImageShape(1, 23, 23);
  private static final int[] NARROW = {4, 4, 4, 4, 4, 6, 6, 8, 8};

  /** A small instance of an architecture class, built for any spec. */
  record Network(String name, ImageShape shape, Function<ModelSpec, ZooModel> build) {

    ZooModel plain() {
      return build.apply(new ModelSpec(name, shape, 3, 1));
    }

    ZooModel around(String block, BatchMixing entering, BatchMixing leaving) {
      return build.apply(new ModelSpec(name, shape, 3, 1)
          .withBlockMixing(new BlockMixing(block, entering, leaving)));
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private static final Network VGG_CNN = new Network(
      "narrow-cnn1", VGG, spec -> new VggCnn(spec, NARROW, 0.2f, Activation.ELU));
  private static final Network RESNET_V1 = new Network(
      "resnet8", SMALL, spec -> new ResNetV1(spec, 8, Activation.ELU));
  private static final Network RESNET_V2 = new Network(
      "resnet11v2", SMALL, spec -> new ResNetV2(spec, 11, Activation.ELU));
  private static final Network WRN = new Network(
      "wrn-10-1", SMALL, spec -> new WideResNet(spec, 10, 1, Activation.ELU));
  private static final Network DENSENET = new Network(
      "densenet-bc-10-4", SMALL, spec -> new DenseNetBc(spec, 10, 4, Activation.ELU));

  static Stream<Arguments> everyBlock() {
    return Stream.of(VGG_CNN, RESNET_V1, RESNET_V2, WRN, DENSENET)
        .flatMap(n -> n.plain().blocks().stream().map(b -> Arguments.of(n, b)));
  }

  @ParameterizedTest(name = "{0} around {1}")
  @MethodSource("everyBlock")
  void theIdentityMixingsGiveThePlainScoresAndTrainingStep(Network network, String block) {
    ZooModel plain = network.plain();
    ZooModel mixed = network.around(block, IDENTITY, IDENTITY);
    Map<String, float[]> expected = run(plain, false);
    Map<String, float[]> actual = run(mixed, false);
    assertArrayEquals(expected.get("scores"), actual.get("scores"), 1e-6f, "evaluation");
    expected = run(plain, true);
    actual = run(mixed, true);
    assertEquals(expected.keySet(), actual.keySet());
    assertTrue(expected.keySet().stream().anyMatch(k -> k.endsWith("running_var")),
        "the running statistics are compared");
    for (Map.Entry<String, float[]> e : expected.entrySet()) {
      assertArrayEquals(e.getValue(), actual.get(e.getKey()), 1e-6f, e.getKey());
    }
  }

  /**
   * The scores and, in training, the loss, each trainable parameter's gradient and each running
   * statistic's next value, by name, for one seeded batch of {@value #BATCH} images.
   */
  private static Map<String, float[]> run(ZooModel model, boolean training) {
    ModelSpec spec = model.spec();
    ImageShape shape = spec.input();
    long[] imageDims = {BATCH, shape.channels(), shape.height(), shape.width()};
    GraphBuilder g = new GraphBuilder();
    g.input("images", TensorInfo.floats(imageDims));
    g.input("labels", TensorInfo.longs(BATCH));
    List<ParameterSpec> parameters = model.parameters();
    parameters.forEach(p -> g.input(p.name(), TensorInfo.floats(p.dims())));
    Forward forward = model.forward(g, "images", training);
    Map<String, String> outputs = new LinkedHashMap<>();
    outputs.put("scores", g.identityNamed(forward.output(), "scores"));
    if (training) {
      String loss = LossGraph.append(
          g, LossSpec.crossEntropy(spec.outputs()), spec, forward.output(), "labels").loss();
      outputs.put("loss", g.identityNamed(loss, "loss"));
      List<String> trainable =
          parameters.stream().filter(ParameterSpec::trainable).map(ParameterSpec::name).toList();
      Map<String, String> gradients =
          Differentiator.standard().differentiate(g, loss, trainable, n -> n + "_gradient");
      trainable.forEach(n -> outputs.put(n + " gradient", gradients.get(n)));
      for (ParameterSpec p : parameters) {
        String next = forward.statisticUpdates().get(p.name());
        if (next != null) {
          outputs.put(p.name(), next);
        }
      }
    }
    outputs.values().forEach(g::output);
    Map<String, NativeTensor> feeds = new LinkedHashMap<>();
    Map<String, float[]> values = ParameterInitializer.initialize(parameters, 5);
    try (InferenceSession session =
            new InferenceSession(g.model("step").toByteArray(), OrtSettings.cpu())) {
      feeds.put("images", NativeTensor.floats(uniform(BATCH * shape.size(), 7), imageDims));
      feeds.put("labels", NativeTensor.longs(new long[] {0, 2, 1, 2}, BATCH));
      for (ParameterSpec p : parameters) {
        feeds.put(p.name(), NativeTensor.floats(values.get(p.name()), p.dims()));
      }
      int seed = 11;
      for (String noise : forward.dropoutNoise()) {
        TensorInfo info = g.info(noise);
        float[] u = uniform((int) info.elementCount(), seed++);
        for (int i = 0; i < u.length; i++) {
          u[i] = (u[i] + 1) / 2;
        }
        feeds.put(noise, NativeTensor.floats(u, info.dims()));
      }
      List<HostTensor> results = session.run(feeds, List.copyOf(outputs.values()));
      Map<String, float[]> byName = new LinkedHashMap<>();
      int i = 0;
      for (String name : outputs.keySet()) {
        byName.put(name, results.get(i++).values());
      }
      return byName;
    } finally {
      feeds.values().forEach(NativeTensor::close);
    }
  }

  static Stream<Arguments> innerBlocks() {
    Network cnn = new Network(
        "narrow-cnn1", VGG, spec -> new VggCnn(spec, NARROW, 0f, Activation.ELU));
    return Stream.of(
        Arguments.of(RESNET_V2, "stage2", "m0\\.s1\\..*", 2e-2, 0),
        Arguments.of(RESNET_V1, "stage2", "m0\\.s1\\..*", 2e-2, 0),
        Arguments.of(WRN, "stage2", "m0\\.g1\\..*", 2e-2, 0),
        Arguments.of(DENSENET, "transition1", "m0\\.t0\\..*", 2e-2, 0),
        Arguments.of(DENSENET, "dense2", "m0\\.d1\\..*", 2e-2, 0),
        // max pooling: a step that moves a whole channel may swap a window's maximum (a kink)
        Arguments.of(cnn, "block2", "m0\\.conv[67]\\..*", 0.1, 1));
  }

  @ParameterizedTest(name = "{0} around {1}")
  @MethodSource("innerBlocks")
  void gradientsAroundAnInnerBlockInTrainingMatchFiniteDifferences(
      Network network, String block, String blockParameters, double relativeTolerance,
      int tolerated) {
    ZooModel model = network.around(block, ENTERING, LEAVING);
    ImageShape shape = model.spec().input();
    List<GradientChecker.Input> inputs = new ArrayList<>();
    inputs.add(GradientChecker.Input.floats("images", uniform(3 * shape.size(), 2), 3,
        shape.channels(), shape.height(), shape.width()));
    List<ParameterSpec> parameters = model.parameters();
    List<ParameterSpec> trainable =
        parameters.stream().filter(ParameterSpec::trainable).toList();
    Map<String, float[]> values = ParameterInitializer.initialize(parameters, 4);
    int checked = 0;
    for (ParameterSpec p : parameters) {
      boolean check = p.trainable() && (p.name().matches(blockParameters)
          || p == trainable.get(0) || p == trainable.get(trainable.size() - 1));
      inputs.add(check ? GradientChecker.checkedParameter(p, values.get(p.name()))
          : GradientChecker.Input.frozen(p.name(), values.get(p.name()), p.dims()));
      checked += check ? 1 : 0;
    }
    assertTrue(checked > 3, "the block's parameters are checked: " + checked);
    new GradientChecker(Differentiator.standard(), 1e-3, 5e-3, relativeTolerance, 2, tolerated)
        .check(inputs, g -> {
          String scores = model.forward(g, "images", true).output();
          assertEquals(2, g.info(scores).dim(0), "the leaving mixing's rows");
          return scores;
        });
  }
}
