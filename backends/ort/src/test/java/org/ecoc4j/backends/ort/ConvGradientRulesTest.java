package org.ecoc4j.backends.ort;

import static org.ecoc4j.backends.ort.GradientChecker.Input.floats;
import static org.ecoc4j.backends.ort.GradientChecker.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.backends.onnx.autodiff.ConvGradient;
import org.ecoc4j.backends.onnx.autodiff.ConvGradientRules;
import org.ecoc4j.backends.onnx.autodiff.Differentiator;
import org.ecoc4j.backends.onnx.graph.Attributes;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;
import org.ecoc4j.backends.onnx.graph.TensorInfo;
import org.ecoc4j.backends.onnx.graph.Window;
import org.ecoc4j.backends.onnx.training.OptimizerSpec;
import org.ecoc4j.backends.onnx.training.TrainingArtifacts;
import org.ecoc4j.backends.onnx.zoo.ModelZoo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The Conv gradient made of forward operators ({@code ConvGradient.GEMM}): against finite
 * differences, against ONNX Runtime's {@code ConvGrad} on layers of cnn1's and resnet20v2's sizes,
 * and its fall-back to {@code ConvGrad} where it does not apply.
 */
class ConvGradientRulesTest {

  private static final Differentiator GEMM =
      Differentiator.standard().withConvGradient(ConvGradient.GEMM);

  private static final Differentiator CORRELATION = Differentiator.standard()
      .withRule("Conv", ConvGradientRules.smallKernelsByCorrelation(1));

  private final GradientChecker checker = new GradientChecker(GEMM, 1e-2, 5e-3, 1e-2, 64);
  private final GradientChecker correlationChecker =
      new GradientChecker(CORRELATION, 1e-2, 5e-3, 1e-2, 64);

  /** A convolution: input and weight shapes, window, and whether it has a bias. */
  record Layer(String name, long[] x, long[] w, Window window, boolean bias) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Window window(long[] kernel, long[] strides, long[] pads, long[] dilations) {
    return new Window(kernel, strides, pads, dilations);
  }

  static Stream<Layer> smallLayers() {
    return Stream.of(
        new Layer("padded 3x3 with bias", new long[] {2, 2, 5, 5}, new long[] {3, 2, 3, 3},
            Window.square(3, 1, 1), true),
        new Layer("strided 2x2 without bias", new long[] {2, 1, 6, 6}, new long[] {2, 1, 2, 2},
            Window.square(2, 2, 0), false),
        new Layer("strided padded 3x3 with bias, odd size", new long[] {2, 2, 7, 7},
            new long[] {3, 2, 3, 3}, Window.square(3, 2, 1), true),
        new Layer("1x1 stride 2 projection", new long[] {2, 3, 6, 6}, new long[] {4, 3, 1, 1},
            Window.square(1, 2, 0), false),
        new Layer("1x1 strides (3, 2), odd height", new long[] {2, 3, 7, 6},
            new long[] {4, 3, 1, 1},
            window(new long[] {1, 1}, new long[] {3, 2}, new long[4], new long[] {1, 1}), true),
        new Layer("1x1 strides (2, 3)", new long[] {2, 3, 4, 9}, new long[] {2, 3, 1, 1},
            window(new long[] {1, 1}, new long[] {2, 3}, new long[4], new long[] {1, 1}), false),
        new Layer("dilated padded with bias", new long[] {2, 2, 7, 7}, new long[] {3, 2, 3, 3},
            window(new long[] {3, 3}, new long[] {1, 1}, new long[] {2, 1, 2, 1},
                new long[] {2, 3}), true),
        new Layer("3x2 kernel, strides (2, 1), pads (1, 0)", new long[] {2, 2, 6, 7},
            new long[] {3, 2, 3, 2},
            window(new long[] {3, 2}, new long[] {2, 1}, new long[] {1, 0, 1, 0},
                new long[] {1, 1}), false),
        new Layer("dilated strided", new long[] {1, 2, 9, 9}, new long[] {2, 2, 3, 3},
            window(new long[] {3, 3}, new long[] {2, 2}, new long[] {1, 1, 1, 1},
                new long[] {2, 2}), true));
  }

  @ParameterizedTest
  @MethodSource("smallLayers")
  void matchesFiniteDifferences(Layer layer) {
    checker.check(inputs(layer), g -> g.conv("x", "w", layer.bias ? "b" : null, layer.window, 1));
  }

  /**
   * The weight gradient as one correlation Conv where the stride is 1 and the kernel more than
   * 1x1, as per-sample products (FusedMatMul) for 1x1 kernels, by ConvGrad (the weight gradient
   * alone) for strided kernels of several taps, on every geometry of the GEMM rule's test; the
   * input gradient is the GEMM rule's.
   */
  @ParameterizedTest
  @MethodSource("smallLayers")
  void theCorrelationMatchesFiniteDifferences(Layer layer) {
    Set<String> ops = backwardOperators(CORRELATION, layer.x, layer.w, layer.window, 1);
    boolean pointwise = layer.w[2] * layer.w[3] == 1;
    boolean strided = layer.window.strides()[0] != 1 || layer.window.strides()[1] != 1;
    assertFalse(ops.contains("Gemm"), ops.toString());
    assertEquals(pointwise, ops.contains("FusedMatMul"), ops.toString());
    assertEquals(strided && !pointwise, ops.contains("ConvGrad"), ops.toString());
    assertEquals(strided && !spreads(layer), ops.contains("ConvTranspose"), ops.toString());
    correlationChecker.check(
        inputs(layer), g -> g.conv("x", "w", layer.bias ? "b" : null, layer.window, 1));
  }

  /**
   * Whether the input gradient is a 1x1 convolution spread by a zero Pad: a strided unpadded 1x1
   * kernel whose input sizes are the strides times the output's.
   */
  private static boolean spreads(Layer layer) {
    long[] s = layer.window.strides();
    long[] out = {(layer.x[2] - 1) / s[0] + 1, (layer.x[3] - 1) / s[1] + 1};
    return layer.w[2] * layer.w[3] == 1 && (s[0] > 1 || s[1] > 1)
        && Arrays.stream(layer.window.pads()).allMatch(p -> p == 0)
        && layer.x[2] == s[0] * out[0] && layer.x[3] == s[1] * out[1];
  }

  private static List<GradientChecker.Input> inputs(Layer layer) {
    List<GradientChecker.Input> inputs = new ArrayList<>(List.of(
        floats("x", uniform((int) count(layer.x), 80), layer.x),
        floats("w", uniform((int) count(layer.w), 81), layer.w)));
    if (layer.bias) {
      inputs.add(floats("b", uniform((int) layer.w[0], 82), layer.w[0]));
    }
    return inputs;
  }

  /**
   * The correlation is used at stride 1 for 2 to 9 taps where the batch is known and it and the
   * output channels are multiples of the alignment; per-sample products for unpadded 1x1 kernels
   * where the batch is known (aligned or not), their input gradient spread by a Pad where the
   * stride is above 1 and both channel counts are aligned; ConvGrad's weight gradient for strided
   * kernels of 2 to 9 taps; the GEMM's weight gradient elsewhere (1x1 kernels with padding or an
   * unknown batch), ConvGrad for larger kernels.
   */
  @Test
  void theCorrelationNeedsAKnownAlignedBatchAndOutputChannels() {
    Differentiator sixteen = Differentiator.standard()
        .withRule("Conv", ConvGradientRules.smallKernelsByCorrelation(16));
    Window same = Window.square(3, 1, 1);
    Set<String> aligned =
        backwardOperators(sixteen, new long[] {16, 4, 7, 7}, new long[] {32, 4, 3, 3}, same, 1);
    assertFalse(aligned.contains("Gemm") || aligned.contains("Concat"), aligned.toString());
    for (long[][] shapes : List.of(
        new long[][] {{8, 4, 7, 7}, {32, 4, 3, 3}},
        new long[][] {{16, 4, 7, 7}, {24, 4, 3, 3}},
        new long[][] {{TensorInfo.BATCH, 4, 7, 7}, {32, 4, 3, 3}})) {
      Set<String> ops = backwardOperators(sixteen, shapes[0], shapes[1], same, 1);
      assertTrue(ops.containsAll(Set.of("Gemm", "Concat")), Arrays.deepToString(shapes) + ops);
    }
    for (long n : new long[] {16, 3, TensorInfo.BATCH}) {
      Set<String> strided = backwardOperators(sixteen, new long[] {n, 4, 8, 8},
          new long[] {32, 4, 3, 3}, Window.square(3, 2, 1), 1);
      assertTrue(strided.containsAll(Set.of("ConvGrad", "ConvTranspose")), strided.toString());
      assertFalse(strided.contains("Gemm") || strided.contains("Concat"), strided.toString());
    }
    for (long n : new long[] {16, 3}) {
      Set<String> pointwise = backwardOperators(sixteen, new long[] {n, 4, 8, 8},
          new long[] {32, 4, 1, 1}, Window.square(1, 2, 0), 1);
      assertTrue(pointwise.contains("FusedMatMul"), pointwise.toString());
      assertFalse(pointwise.contains("Gemm") || pointwise.contains("Transpose"),
          pointwise.toString());
      // 4 input channels, off the alignment: the input gradient is not spread
      assertTrue(pointwise.contains("ConvTranspose") && !pointwise.contains("Pad"),
          pointwise.toString());
      List<NodeProto> aligned16 = backwardNodes(sixteen, new long[] {n, 16, 8, 8},
          new long[] {32, 16, 1, 1}, Window.square(1, 2, 0), 1);
      Set<String> spread = opTypes(aligned16);
      assertTrue(spread.containsAll(Set.of("FusedMatMul", "Pad")), spread.toString());
      assertFalse(spread.contains("Gemm") || spread.contains("ConvTranspose"), spread.toString());
      // the only transposed copy is the input gradient's [C, O, 1, 1] kernel, none of x or dY
      assertTrue(aligned16.stream().filter(node -> node.getOpType().equals("Transpose"))
          .allMatch(node -> node.getInput(0).equals("w")), aligned16.toString());
    }
    for (Object[] unfit : List.of(
        new Object[] {new long[] {TensorInfo.BATCH, 4, 8, 8}, Window.square(1, 1, 0)},
        new Object[] {new long[] {16, 4, 8, 8}, Window.square(1, 1, 1)})) {
      Set<String> ops = backwardOperators(sixteen, (long[]) unfit[0], new long[] {32, 4, 1, 1},
          (Window) unfit[1], 1);
      assertTrue(ops.contains("Gemm") && !ops.contains("FusedMatMul"), ops.toString());
    }
    Set<String> five = backwardOperators(sixteen, new long[] {16, 4, 7, 7},
        new long[] {32, 4, 5, 5}, Window.square(5, 1, 2), 1);
    assertTrue(five.contains("ConvGrad"), five.toString());
    assertThrows(IllegalArgumentException.class,
        () -> ConvGradientRules.smallKernelsByCorrelation(0));
  }

  /** A Conv node whose pads differ on the two sides (as ONNX imports may carry). */
  @Test
  void asymmetricPadsOnTheConvNodeMatchFiniteDifferences() {
    // both rule sets: the strided kernel's weight gradient is ConvGrad's under the correlation's
    for (GradientChecker rules : List.of(checker, correlationChecker)) {
      rules.check(
          List.of(floats("x", uniform(2 * 2 * 6 * 6, 83), 2, 2, 6, 6),
              floats("w", uniform(3 * 2 * 3 * 3, 84), 3, 2, 3, 3),
              floats("b", uniform(3, 85), 3)),
          g -> g.node("Conv", "", List.of("x", "w", "b"), List.of("y"),
                  List.of(TensorInfo.floats(2, 3, 3, 3)),
                  List.of(Attributes.ofInts("kernel_shape", 3, 3),
                      Attributes.ofInts("strides", 2, 2), Attributes.ofInts("pads", 0, 1, 1, 0)))
              .get(0));
    }
  }

  /** Grouped convolutions fall back to ConvGrad, and their gradient is still right. */
  @Test
  void groupedConvolutionsFallBackToConvGrad() {
    List<GradientChecker.Input> inputs = List.of(
        floats("x", uniform(2 * 4 * 5 * 5, 86), 2, 4, 5, 5),
        floats("w", uniform(4 * 3 * 3, 87), 4, 1, 3, 3));
    Function<GraphBuilder, String> depthwise =
        g -> g.conv("x", "w", null, Window.square(3, 1, 1), 4);
    checker.check(inputs, depthwise);
    Set<String> ops = backwardOperators(GEMM, new long[] {2, 4, 5, 5}, new long[] {4, 1, 3, 3},
        Window.square(3, 1, 1), 4);
    assertTrue(ops.contains("ConvGrad"), ops.toString());
    Set<String> plain = backwardOperators(GEMM, new long[] {2, 4, 5, 5}, new long[] {4, 4, 3, 3},
        Window.square(3, 1, 1), 1);
    assertFalse(plain.contains("ConvGrad"), plain.toString());
    assertTrue(plain.containsAll(Set.of("Gemm", "Slice", "Conv")), plain.toString());
  }

  static Stream<Arguments> networkLayers() {
    return Stream.of(
        Arguments.of(new Layer("cnn1 3x3 32->64 at 32x32", new long[] {8, 32, 32, 32},
            new long[] {64, 32, 3, 3}, Window.square(3, 1, 1), true)),
        Arguments.of(new Layer("cnn1 first 3->32 at 32x32", new long[] {8, 3, 32, 32},
            new long[] {32, 3, 3, 3}, Window.square(3, 1, 1), true)),
        Arguments.of(new Layer("resnet20v2 3x3 16->32 stride 2", new long[] {8, 16, 32, 32},
            new long[] {32, 16, 3, 3}, Window.square(3, 2, 1), false)),
        Arguments.of(new Layer("resnet20v2 1x1 16->32 stride 2", new long[] {8, 16, 32, 32},
            new long[] {32, 16, 1, 1}, Window.square(1, 2, 0), false)),
        Arguments.of(new Layer("resnet20v2 1x1 64->16 at 32x32", new long[] {8, 64, 32, 32},
            new long[] {16, 64, 1, 1}, Window.square(1, 1, 0), true)),
        Arguments.of(new Layer("resnet20v2 3x3 64->64 at 8x8", new long[] {8, 64, 8, 8},
            new long[] {64, 64, 3, 3}, Window.square(3, 1, 1), false)));
  }

  /**
   * Both rule sets' gradients of {@code sum(Y^2) / 2} with respect to X, W and B, on the same
   * inputs, with the batch symbolic in the graph (as attack graphs have it): equal within float
   * rounding (5e-5 of the largest magnitude).
   */
  @ParameterizedTest
  @MethodSource("networkLayers")
  void equalsConvGradOnNetworkSizedLayers(Layer layer) {
    NetworkGradients.assertWithinRounding(gradients(Differentiator.standard(), layer, true),
        gradients(GEMM, layer, true), layer.toString());
  }

  /**
   * The same with the correlation's weight gradient, whose batch must be known (8 here), run by
   * the plain CPU Conv (the NCHWc rewrite is a training session's).
   */
  @ParameterizedTest
  @MethodSource("networkLayers")
  void theCorrelationEqualsConvGradOnNetworkSizedLayers(Layer layer) {
    NetworkGradients.assertWithinRounding(gradients(Differentiator.standard(), layer, false),
        gradients(CORRELATION, layer, false), layer.toString());
  }

  @Test
  void parsesItsOptionValuesAndRefusesOthers() {
    assertEquals(ConvGradient.GEMM, ConvGradient.parse("gemm"));
    assertEquals(ConvGradient.CONVGRAD, ConvGradient.parse("convgrad"));
    IllegalArgumentException bad =
        assertThrows(IllegalArgumentException.class, () -> ConvGradient.parse("im2col"));
    assertTrue(bad.getMessage().contains("'im2col'") && bad.getMessage().contains("gemm"),
        bad.getMessage());
    assertEquals(ConvGradient.AUTO, ConvGradient.parse("auto"));
    assertTrue(bad.getMessage().contains("auto") && bad.getMessage().contains("convgrad"),
        bad.getMessage());
    assertEquals(ConvGradient.AUTO, OrtSettings.cpu().convGradient());
    assertEquals(ConvGradient.AUTO, OrtSettings.cpu().effectiveConvGradient());
    assertEquals(ConvGradient.GEMM,
        OrtSettings.cpu().withConvGradient(ConvGradient.GEMM).convGradient());
  }

  /** On CUDA auto means ConvGrad; an explicit choice is kept on either device. */
  @Test
  void autoMeansConvGradOnCuda() {
    OrtSettings cuda = new OrtSettings(OrtDevice.CUDA, 1);
    assertEquals(ConvGradient.AUTO, cuda.convGradient());
    assertEquals(ConvGradient.CONVGRAD, cuda.effectiveConvGradient());
    assertEquals(ConvGradient.GEMM,
        cuda.withConvGradient(ConvGradient.GEMM).effectiveConvGradient());
    assertEquals(ConvGradient.CONVGRAD,
        OrtSettings.cpu().withConvGradient(ConvGradient.CONVGRAD).effectiveConvGradient());
  }

  /** auto differentiates 1x1 and 3x3 kernels by GEMM and 5x5 ones by ConvGrad. */
  @Test
  void autoChoosesByKernelSize() {
    Differentiator auto = Differentiator.standard().withConvGradient(ConvGradient.AUTO);
    for (int k : new int[] {1, 3}) {
      Set<String> ops = backwardOperators(auto, new long[] {2, 4, 7, 7}, new long[] {4, 4, k, k},
          Window.square(k, 1, k / 2), 1);
      assertFalse(ops.contains("ConvGrad"), k + "x" + k + ": " + ops);
      assertTrue(ops.contains("Gemm"), k + "x" + k + ": " + ops);
    }
    Set<String> five = backwardOperators(auto, new long[] {2, 4, 7, 7}, new long[] {4, 4, 5, 5},
        Window.square(5, 1, 2), 1);
    assertTrue(five.contains("ConvGrad"), five.toString());
    assertFalse(five.contains("Gemm"), five.toString());
    Set<String> wide = backwardOperators(auto, new long[] {2, 4, 7, 7}, new long[] {4, 4, 1, 9},
        new Window(new long[] {1, 9}, new long[] {1, 1}, new long[] {0, 4, 0, 4},
            new long[] {1, 1}), 1);
    assertFalse(wide.contains("ConvGrad"), "1x9 has 9 taps: " + wide);
  }

  /**
   * With the training convolutions as built ({@code conv-layout=nchw}), auto's graphs are those
   * of one rule for the zoo's networks: lenet (5x5 kernels only) trains on exactly ConvGrad's
   * graphs, so figures measured with ConvGrad hold under auto, and cnn1 and resnet20v2 (3x3 and
   * 1x1 kernels) on exactly the GEMM rule's.
   */
  @Test
  void autoBuildsTheGraphsOfOneRuleForTheZoo() {
    assertArrayEquals(trainingGraph("lenet", 1, ConvGradient.CONVGRAD),
        trainingGraph("lenet", 1, ConvGradient.AUTO));
    for (String name : List.of("cnn1", "resnet20v2")) {
      byte[] gemm = trainingGraph(name, 3, ConvGradient.GEMM);
      assertArrayEquals(gemm, trainingGraph(name, 3, ConvGradient.AUTO), name);
      assertFalse(Arrays.equals(gemm, trainingGraph(name, 3, ConvGradient.CONVGRAD)), name);
    }
  }

  /**
   * Where training sessions run their convolutions in NCHWc blocks (the default on a CPU with
   * the kernels), auto builds the 3x3 networks' weight gradients as correlations at a batch that
   * fills blocks (no im2col Concat left), the GEMM rule's at one that does not, and lenet's graph
   * stays ConvGrad's byte for byte.
   */
  @Test
  void autoUsesTheCorrelationWhereTrainingRunsInNchwcBlocks() {
    NchwcBlock block = NchwcBlock.detected();
    assumeTrue(block.available(), () -> "no NCHWc kernels here: " + block.unavailable());
    OrtSettings defaults = OrtSettings.cpu();
    int aligned = 2 * block.size();
    assertArrayEquals(
        trainingGraph("lenet", 1, aligned, defaults.withConvGradient(ConvGradient.CONVGRAD)),
        trainingGraph("lenet", 1, aligned, defaults));
    for (String name : List.of("cnn1", "resnet20v2")) {
      byte[] graph = trainingGraph(name, 3, aligned, defaults);
      assertFalse(operators(graph).contains("Concat"), name);
      assertTrue(operators(trainingGraph(name, 3, aligned,
          defaults.withConvLayout(ConvLayout.NCHW))).contains("Concat"), name);
      assertTrue(operators(trainingGraph(name, 3, aligned + 1, defaults)).contains("Concat"),
          name);
    }
  }

  /**
   * The CPU's differentiator, which training, attack and objective graphs share, spreads a
   * strided 1x1 kernel's input gradient by a Pad where the NCHWc kernels run (in an attack graph
   * too: {@code AttackGraphLayoutTest}); CUDA does not (it keeps ConvGrad).
   */
  @Test
  void theCpuSpreadsStridedPointwiseInputGradientsInEveryGraph() {
    NchwcBlock block = NchwcBlock.detected();
    assumeTrue(block.available(), () -> "no NCHWc kernels here: " + block.unavailable());
    long[] x = {block.size(), block.size(), 8, 8};
    long[] w = {2L * block.size(), block.size(), 1, 1};
    Set<String> cpu = backwardOperators(
        OrtTrainingEngine.differentiator(OrtSettings.cpu()), x, w, Window.square(1, 2, 0), 1);
    assertTrue(cpu.contains("Pad") && !cpu.contains("ConvTranspose"), cpu.toString());
    Set<String> cuda = backwardOperators(
        OrtTrainingEngine.differentiator(new OrtSettings(OrtDevice.CUDA, 1)), x, w,
        Window.square(1, 2, 0), 1);
    assertTrue(!cuda.contains("Pad"), cuda.toString());
  }

  private static Set<String> operators(byte[] model) {
    try {
      return ai.onnx.proto.OnnxMl.ModelProto.parseFrom(model).getGraph().getNodeList().stream()
          .map(NodeProto::getOpType)
          .collect(Collectors.toSet());
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] trainingGraph(String architecture, int channels, ConvGradient rule) {
    return trainingGraph(architecture, channels, 8,
        OrtSettings.cpu().withConvGradient(rule).withConvLayout(ConvLayout.NCHW));
  }

  private static byte[] trainingGraph(
      String architecture, int channels, int batch, OrtSettings settings) {
    ModelSpec spec = new ModelSpec(architecture, new ImageShape(channels, 32, 32), 10, 1);
    TrainingConfig config = TrainingConfig.adamW(1, batch, 1);
    return TrainingArtifacts.build(ModelZoo.create(spec), LossSpec.crossEntropy(10), config,
        OptimizerSpec.adamW(config), OrtTrainingEngine.differentiator(settings))
        .trainingModel();
  }

  private static Map<String, float[]> gradients(
      Differentiator differentiator, Layer layer, boolean symbolicBatch) {
    GraphBuilder g = new GraphBuilder();
    long[] declared = layer.x.clone();
    if (symbolicBatch) {
      declared[0] = TensorInfo.BATCH;
    }
    g.input("x", TensorInfo.floats(declared));
    g.input("w", TensorInfo.floats(layer.w));
    List<String> wrt = new ArrayList<>(List.of("x", "w"));
    if (layer.bias) {
      g.input("b", TensorInfo.floats(layer.w[0]));
      wrt.add("b");
    }
    String y = g.conv("x", "w", layer.bias ? "b" : null, layer.window, 1);
    String loss = g.mul(g.reduceSumSquare(y, false), g.scalar("half", 0.5f));
    Map<String, String> grads = differentiator.differentiate(g, loss, wrt, n -> n + "_gradient");
    grads.values().forEach(g::output);
    Map<String, NativeTensor> feeds = new LinkedHashMap<>();
    feeds.put("x", NativeTensor.floats(uniform((int) count(layer.x), 90), layer.x));
    feeds.put("w", NativeTensor.floats(uniform((int) count(layer.w), 91), layer.w));
    if (layer.bias) {
      feeds.put("b", NativeTensor.floats(uniform((int) layer.w[0], 92), layer.w[0]));
    }
    Map<String, float[]> result = new LinkedHashMap<>();
    try (InferenceSession session =
        new InferenceSession(g.model("conv_gradient").toByteArray(), OrtSettings.cpu())) {
      List<HostTensor> out = session.run(feeds, List.copyOf(grads.values()));
      int i = 0;
      for (String name : grads.keySet()) {
        result.put(name, out.get(i++).values());
      }
    } finally {
      feeds.values().forEach(NativeTensor::close);
    }
    return result;
  }

  private static Set<String> backwardOperators(
      Differentiator differentiator, long[] x, long[] w, Window window, long group) {
    return opTypes(backwardNodes(differentiator, x, w, window, group));
  }

  private static List<NodeProto> backwardNodes(
      Differentiator differentiator, long[] x, long[] w, Window window, long group) {
    GraphBuilder g = new GraphBuilder();
    g.input("x", TensorInfo.floats(x));
    g.input("w", TensorInfo.floats(w));
    String loss = g.reduceSum(g.conv("x", "w", null, window, group), false);
    int forward = g.nodes().size();
    differentiator.differentiate(g, loss, List.of("x", "w"), n -> n + "_gradient");
    return List.copyOf(g.nodes().subList(forward, g.nodes().size()));
  }

  private static Set<String> opTypes(List<NodeProto> nodes) {
    return nodes.stream().map(NodeProto::getOpType).collect(Collectors.toSet());
  }

  private static long count(long[] dims) {
    long n = 1;
    for (long d : dims) {
      n *= d;
    }
    return n;
  }
}
