package org.ecoc4j.backends.ort;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.backends.onnx.graph.Attributes;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;
import org.ecoc4j.backends.onnx.graph.TensorInfo;
import org.ecoc4j.backends.onnx.graph.Window;
import org.ecoc4j.backends.onnx.training.OptimizerSpec;
import org.ecoc4j.backends.onnx.training.TrainingArtifacts;
import org.ecoc4j.backends.onnx.zoo.ModelZoo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rewrite of trainable convolutions into ONNX Runtime's NCHWc convolutions: which nodes it
 * touches and how, and (where this machine has the kernels) that the rewritten graphs compute what
 * the originals computed.
 */
class NchwcConvRewriteTest {

  private static final long N = TensorInfo.BATCH;

  /** A graph with one convolution of each kind, two of them on the same fed weights. */
  private static ModelProto mixed() {
    GraphBuilder g = new GraphBuilder();
    String x = g.input("x", TensorInfo.floats(N, 32, 8, 8));
    String w = g.input("w", TensorInfo.floats(32, 32, 3, 3));
    String b = g.input("b", TensorInfo.floats(32));
    String first = g.conv(x, w, b, 1, 1);
    String again = g.conv(first, w, null, 1, 1);
    String rgb = g.input("rgb", TensorInfo.floats(N, 3, 8, 8));
    String fromRgb = g.conv(rgb, g.input("w3", TensorInfo.floats(32, 3, 3, 3)), null, 1, 1);
    String grouped = g.conv(x, g.input("wg", TensorInfo.floats(32, 16, 3, 3)), null,
        Window.square(3, 1, 1), 2);
    String frozen = g.conv(x, g.constant("wc", new float[32 * 32 * 9], 32, 32, 3, 3), null, 1, 1);
    String six = g.conv(g.input("x6", TensorInfo.floats(N, 6, 8, 8)),
        g.input("w6", TensorInfo.floats(16, 6, 3, 3)), null, 1, 1);
    for (String out : List.of(again, fromRgb, grouped, frozen, six)) {
      g.output(out);
    }
    return g.model("mixed");
  }

  private static ModelProto parse(byte[] bytes) throws InvalidProtocolBufferException {
    return ModelProto.parseFrom(bytes);
  }

  /** The nodes of {@code graph} that run {@code op} of {@code domain}, in order. */
  static List<NodeProto> ops(GraphProto graph, String op, String domain) {
    return graph.getNodeList().stream()
        .filter(n -> n.getOpType().equals(op) && n.getDomain().equals(domain))
        .toList();
  }

  @Test
  void rewritesTheConvolutionsOfFedWeightsWhoseChannelsFillBlocks() throws Exception {
    ModelProto original = mixed();
    NchwcConvRewrite.Result result = new NchwcConvRewrite(16).apply(original.toByteArray());
    assertEquals(2, result.convolutions());
    ModelProto rewritten = parse(result.model());
    GraphProto g = rewritten.getGraph();
    String nchwc = NchwcConvRewrite.DOMAIN;
    assertTrue(rewritten.getOpsetImportList().stream()
        .anyMatch(o -> o.getDomain().equals(nchwc) && o.getVersion() == 1));
    assertEquals(2, ops(g, "Conv", nchwc).size());
    assertEquals(2, ops(g, "ReorderInput", nchwc).size());
    assertEquals(2, ops(g, "ReorderOutput", nchwc).size());
    // the first layer (3 channels), the grouped, the constant and the 6-channel ones stay
    assertEquals(4, ops(g, "Conv", "").size());
    // both convolutions of w read one reordered copy of it
    List<NodeProto> transposes = ops(g, "Transpose", "");
    assertEquals(1, transposes.size());
    assertArrayEquals(new long[] {0, 2, 4, 5, 3, 1}, Attributes.intsOf(transposes.get(0), "perm"));
    Map<String, TensorProto> inits = new LinkedHashMap<>();
    g.getInitializerList().forEach(t -> inits.put(t.getName(), t));
    List<List<Long>> shapes = new ArrayList<>();
    for (NodeProto reshape : ops(g, "Reshape", "")) {
      shapes.add(inits.get(reshape.getInput(1)).getInt64DataList());
    }
    assertEquals(List.of(List.of(2L, 16L, 2L, 16L, 3L, 3L), List.of(32L, 32L, 3L, 3L)), shapes);
    // the convolutions' outputs keep their names, their attributes go with them
    GraphProto before = original.getGraph();
    List<NodeProto> convs = ops(before, "Conv", "");
    for (int i = 0; i < 2; i++) {
      String y = convs.get(i).getOutput(0);
      NodeProto out = ops(g, "ReorderOutput", nchwc).get(i);
      assertEquals(y, out.getOutput(0));
      assertEquals(32, Attributes.intOf(out, "channels", -1));
      NodeProto conv = ops(g, "Conv", nchwc).get(i);
      assertArrayEquals(Attributes.intsOf(convs.get(i), "pads"), Attributes.intsOf(conv, "pads"));
      assertEquals(convs.get(i).getInputCount(), conv.getInputCount());
    }
    assertEquals(before.getInputList(), g.getInputList());
    assertEquals(before.getOutputList(), g.getOutputList());
    Set<String> written = new HashSet<>();
    Set<String> nodeNames = new HashSet<>();
    for (NodeProto n : g.getNodeList()) {
      for (String o : n.getOutputList()) {
        assertTrue(written.add(o), "written twice: " + o);
      }
      assertTrue(nodeNames.add(n.getName()), "node name used twice: " + n.getName());
    }
  }

  @Test
  void blocksOfEightTakeTheSixteenChannelLayersToo() throws Exception {
    GraphBuilder g = new GraphBuilder();
    String x = g.input("x", TensorInfo.floats(N, 8, 8, 8));
    g.output(g.conv(x, g.input("w", TensorInfo.floats(16, 8, 3, 3)), null, 1, 1));
    byte[] model = g.model("eight").toByteArray();
    assertSame(model, new NchwcConvRewrite(16).apply(model).model());
    NchwcConvRewrite.Result eight = new NchwcConvRewrite(8).apply(model);
    assertEquals(1, eight.convolutions());
    TensorProto split = parse(eight.model()).getGraph().getInitializer(0);
    assertEquals(List.of(2L, 8L, 1L, 8L, 3L, 3L), split.getInt64DataList());
  }

  /**
   * A weight gradient's correlation: its kernel is the channel swap of dY, which the rewrite
   * blocks straight from dY (and the swap, read by nothing else, goes); the values stay.
   */
  @Test
  void blocksACorrelationKernelStraightFromTheTensorItSwaps() throws Exception {
    NchwcBlock block = NchwcBlock.detected();
    int b = block.available() ? block.size() : 16;
    int n = 2 * b;
    GraphBuilder g = new GraphBuilder();
    String x = g.input("x", TensorInfo.floats(b, n, 9, 9));
    String dy = g.input("dy", TensorInfo.floats(n, 2 * b, 7, 7));
    String kernel = g.transpose(dy, 1, 0, 2, 3);
    String taps = g.conv(x, kernel, null, Window.square(7, 1, 0), 1);
    g.output(taps);
    byte[] model = g.model("correlation").toByteArray();
    NchwcConvRewrite.Result result = new NchwcConvRewrite(b).apply(model);
    assertEquals(1, result.convolutions());
    GraphProto rewritten = parse(result.model()).getGraph();
    assertEquals(0, ops(rewritten, "Transpose", "").stream()
        .filter(t -> t.getInput(0).equals(dy)).count());
    List<NodeProto> reorders = ops(rewritten, "ReorderInput", NchwcConvRewrite.DOMAIN);
    assertTrue(reorders.stream().anyMatch(r -> r.getInput(0).equals(dy)), reorders.toString());
    assertArrayEquals(new long[] {2, 0, 3, 4, 1, 5},
        Attributes.intsOf(ops(rewritten, "Transpose", "").get(0), "perm"));
    assumeTrue(block.available(), () -> "no NCHWc kernels here: " + block.unavailable());
    SplittableRandom random = new SplittableRandom(5);
    try (NativeTensor xt = NativeTensor.floats(values(random, b * n * 81), b, n, 9, 9);
        NativeTensor dt = NativeTensor.floats(values(random, n * 2 * b * 49), n, 2 * b, 7, 7);
        InferenceSession plain = new InferenceSession(model, OrtSettings.cpu());
        InferenceSession blocked = new InferenceSession(result.model(), OrtSettings.cpu())) {
      Map<String, NativeTensor> feeds = Map.of(x, xt, dy, dt);
      HostTensor expected = plain.run(feeds, List.of(taps)).get(0);
      HostTensor actual = blocked.run(feeds, List.of(taps)).get(0);
      assertClose(expected, actual, "a correlation");
    }
  }

  /** An input gradient's kernel: W with its channels swapped and both spatial axes reversed. */
  private static String flippedKernel(GraphBuilder g, String w, long... steps) {
    String t = g.transpose(w, 1, 0, 2, 3);
    TensorInfo swapped = g.info(t);
    long[] starts = new long[steps.length];
    long[] ends = new long[steps.length];
    long[] axes = new long[steps.length];
    for (int i = 0; i < steps.length; i++) {
      starts[i] = steps[i] < 0 ? -1 : 0;
      ends[i] = steps[i] < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
      axes[i] = 4 - steps.length + i;
    }
    return g.node("Slice", "",
            List.of(t, g.longs("starts", starts), g.longs("ends", ends), g.longs("axes", axes),
                g.longs("steps", steps)),
            List.of("flipped"), List.of(swapped), List.of())
        .get(0);
  }

  /**
   * An input gradient's convolution: its kernel (the flipped channel swap of W, read by nothing
   * else) is blocked straight from W by one MatMul and one transpose, the Slice and the swap go;
   * the blocked weights are the same bits as those reordered from the Slice's output (the
   * outputs of both rewritten graphs are equal bit for bit) and the values those of the plain
   * graph.
   */
  @Test
  void blocksAFlippedKernelStraightFromTheWeights() throws Exception {
    NchwcBlock block = NchwcBlock.detected();
    int b = block.available() ? block.size() : 16;
    GraphBuilder g = new GraphBuilder();
    String dy = g.input("dy", TensorInfo.floats(N, 2 * b, 6, 6));
    String w = g.input("w", TensorInfo.floats(2 * b, b, 3, 3));
    String dx = g.conv(dy, flippedKernel(g, w, -1, -1), null, Window.square(3, 1, 2), 1);
    g.output(dx);
    byte[] model = g.model("input_gradient").toByteArray();
    NchwcConvRewrite.Result result = new NchwcConvRewrite(b).apply(model);
    assertEquals(1, result.convolutions());
    GraphProto rewritten = parse(result.model()).getGraph();
    assertEquals(0, ops(rewritten, "Slice", "").size());
    assertEquals(1, ops(rewritten, "MatMul", "").size());
    List<NodeProto> transposes = ops(rewritten, "Transpose", "");
    assertEquals(1, transposes.size(), transposes.toString());
    assertArrayEquals(new long[] {2, 0, 4, 5, 1, 3}, Attributes.intsOf(transposes.get(0), "perm"));

    // the flipped kernel read by a second reader too: the Slice stays, reordered the usual way
    GraphBuilder shared = new GraphBuilder();
    String dy2 = shared.input("dy", TensorInfo.floats(N, 2 * b, 6, 6));
    String w2 = shared.input("w", TensorInfo.floats(2 * b, b, 3, 3));
    String kernel = flippedKernel(shared, w2, -1, -1);
    shared.output(shared.conv(dy2, kernel, null, Window.square(3, 1, 2), 1));
    shared.output(kernel);
    byte[] sharedModel = shared.model("input_gradient_shared").toByteArray();
    NchwcConvRewrite.Result kept = new NchwcConvRewrite(b).apply(sharedModel);
    assertEquals(1, ops(parse(kept.model()).getGraph(), "Slice", "").size());
    assertEquals(0, ops(parse(kept.model()).getGraph(), "MatMul", "").size());

    assumeTrue(block.available(), () -> "no NCHWc kernels here: " + block.unavailable());
    SplittableRandom random = new SplittableRandom(11);
    int n = 3;
    try (NativeTensor dt = NativeTensor.floats(values(random, n * 2 * b * 36), n, 2 * b, 6, 6);
        NativeTensor wt = NativeTensor.floats(values(random, 2 * b * b * 9), 2 * b, b, 3, 3);
        InferenceSession plain = new InferenceSession(model, OrtSettings.cpu());
        InferenceSession folded = new InferenceSession(result.model(), OrtSettings.cpu());
        InferenceSession sliced = new InferenceSession(kept.model(), OrtSettings.cpu())) {
      Map<String, NativeTensor> feeds = Map.of(dy, dt, w, wt);
      HostTensor expected = plain.run(feeds, List.of(dx)).get(0);
      HostTensor actual = folded.run(feeds, List.of(dx)).get(0);
      HostTensor reference = sliced.run(feeds, sliced.outputNames()).get(0);
      assertArrayEquals(new long[] {n, b, 8, 8}, actual.dims());
      assertClose(expected, actual, "a convolution");
      float[] bits = actual.values();
      float[] referenceBits = reference.values();
      for (int i = 0; i < bits.length; i++) {
        assertEquals(Float.floatToRawIntBits(referenceBits[i]), Float.floatToRawIntBits(bits[i]),
            "value " + i);
      }
    }
  }

  /** A Slice that reverses one spatial axis only is no flipped kernel: it stays. */
  @Test
  void leavesAKernelReversedAlongOneAxis() throws Exception {
    GraphBuilder g = new GraphBuilder();
    String dy = g.input("dy", TensorInfo.floats(N, 32, 6, 6));
    String w = g.input("w", TensorInfo.floats(32, 16, 3, 3));
    g.output(g.conv(dy, flippedKernel(g, w, -1), null, Window.square(3, 1, 2), 1));
    NchwcConvRewrite.Result result = new NchwcConvRewrite(16).apply(g.model("half").toByteArray());
    assertEquals(1, result.convolutions());
    GraphProto rewritten = parse(result.model()).getGraph();
    assertEquals(1, ops(rewritten, "Slice", "").size());
    assertEquals(0, ops(rewritten, "MatMul", "").size());
  }

  /**
   * dY read by an input gradient's convolution, by a second convolution and as a correlation's
   * kernel is blocked once; the values stay those of the plain graph.
   */
  @Test
  void blocksATensorOnceForEveryConvolutionThatReadsIt() throws Exception {
    NchwcBlock block = NchwcBlock.detected();
    int b = block.available() ? block.size() : 16;
    int n = b;
    GraphBuilder g = new GraphBuilder();
    String dy = g.input("dy", TensorInfo.floats(n, b, 7, 7));
    String x = g.input("x", TensorInfo.floats(n, 2 * b, 9, 9));
    String w = g.input("w", TensorInfo.floats(b, b, 3, 3));
    String w1 = g.input("w1", TensorInfo.floats(2 * b, b, 1, 1));
    String full = g.conv(dy, w, null, Window.square(3, 1, 2), 1);
    String pointwise = g.conv(dy, w1, null, Window.square(1, 1, 0), 1);
    String taps = g.conv(g.transpose(x, 1, 0, 2, 3), g.transpose(dy, 1, 0, 2, 3), null,
        Window.square(7, 1, 0), 1);
    List<String> outs = List.of(full, pointwise, taps);
    outs.forEach(g::output);
    byte[] model = g.model("shared_input").toByteArray();
    NchwcConvRewrite.Result result = new NchwcConvRewrite(b).apply(model);
    assertEquals(3, result.convolutions());
    GraphProto rewritten = parse(result.model()).getGraph();
    List<NodeProto> reorders = ops(rewritten, "ReorderInput", NchwcConvRewrite.DOMAIN);
    assertEquals(1, reorders.stream().filter(r -> r.getInput(0).equals(dy)).count(),
        reorders.toString());
    assertEquals(2, reorders.size(), reorders.toString());
    assumeTrue(block.available(), () -> "no NCHWc kernels here: " + block.unavailable());
    SplittableRandom random = new SplittableRandom(13);
    try (NativeTensor dt = NativeTensor.floats(values(random, n * b * 49), n, b, 7, 7);
        NativeTensor xt = NativeTensor.floats(values(random, n * 2 * b * 81), n, 2 * b, 9, 9);
        NativeTensor wt = NativeTensor.floats(values(random, b * b * 9), b, b, 3, 3);
        NativeTensor w1t = NativeTensor.floats(values(random, 2 * b * b), 2 * b, b, 1, 1);
        InferenceSession plain = new InferenceSession(model, OrtSettings.cpu());
        InferenceSession blocked = new InferenceSession(result.model(), OrtSettings.cpu())) {
      Map<String, NativeTensor> feeds = Map.of(dy, dt, x, xt, w, wt, w1, w1t);
      List<HostTensor> expected = plain.run(feeds, outs);
      List<HostTensor> actual = blocked.run(feeds, outs);
      for (int k = 0; k < outs.size(); k++) {
        assertClose(expected.get(k), actual.get(k), outs.get(k));
      }
    }
  }

  /**
   * A zero padding of the spatial axes read by one rewritten convolution alone: the input is
   * blocked first and padded by a depthwise 1x1 Conv (asymmetric pads too); a padding with
   * another value, or read twice, stays a Pad.
   */
  @Test
  void padsABlockedInputByADepthwiseConvolution() throws Exception {
    NchwcBlock block = NchwcBlock.detected();
    int b = block.available() ? block.size() : 16;
    GraphBuilder g = new GraphBuilder();
    String x = g.input("x", TensorInfo.floats(2, 2 * b, 7, 7));
    String w = g.input("w", TensorInfo.floats(b, 2 * b, 3, 3));
    String padded = g.pad(x, 0, 0, 1, 2, 0, 0, 0, 1);
    String y = g.conv(padded, w, null, Window.square(3, 1, 0), 1);
    String valued = g.padWith(x, 0.5f, 0, 0, 1, 1, 0, 0, 1, 1);
    String z = g.conv(valued, w, null, Window.square(3, 1, 0), 1);
    String twice = g.pad(x, 0, 0, 1, 1, 0, 0, 1, 1);
    String u = g.conv(twice, w, null, Window.square(3, 1, 0), 1);
    String read = g.reduceSum(twice, false);
    List<String> outs = List.of(y, z, u, read);
    outs.forEach(g::output);
    byte[] model = g.model("padded").toByteArray();
    NchwcConvRewrite.Result result = new NchwcConvRewrite(b).apply(model);
    assertEquals(3, result.convolutions());
    GraphProto rewritten = parse(result.model()).getGraph();
    List<NodeProto> pads = ops(rewritten, "Pad", "");
    assertEquals(2, pads.size(), pads.toString());
    assertTrue(pads.stream().noneMatch(p -> p.getOutput(0).equals(padded)));
    List<NodeProto> depthwise = ops(rewritten, "Conv", NchwcConvRewrite.DOMAIN).stream()
        .filter(n -> Attributes.intOf(n, "group", 1) == 2 * b).toList();
    assertEquals(1, depthwise.size());
    assertArrayEquals(new long[] {1, 2, 0, 1}, Attributes.intsOf(depthwise.get(0), "pads"));
    assertArrayEquals(new long[] {1, 1}, Attributes.intsOf(depthwise.get(0), "kernel_shape"));
    assertTrue(ops(rewritten, "ReorderInput", NchwcConvRewrite.DOMAIN).stream()
        .anyMatch(r -> r.getInput(0).equals(x)));
    assumeTrue(block.available(), () -> "no NCHWc kernels here: " + block.unavailable());
    SplittableRandom random = new SplittableRandom(21);
    try (NativeTensor xt = NativeTensor.floats(values(random, 2 * 2 * b * 49), 2, 2 * b, 7, 7);
        NativeTensor wt = NativeTensor.floats(values(random, b * 2 * b * 9), b, 2 * b, 3, 3);
        InferenceSession plain = new InferenceSession(model, OrtSettings.cpu());
        InferenceSession blocked = new InferenceSession(result.model(), OrtSettings.cpu())) {
      Map<String, NativeTensor> feeds = Map.of(x, xt, w, wt);
      List<HostTensor> expected = plain.run(feeds, outs);
      List<HostTensor> actual = blocked.run(feeds, outs);
      for (int k = 0; k < outs.size(); k++) {
        assertClose(expected.get(k), actual.get(k), outs.get(k));
      }
    }
  }

  /** lenet's training graph on 4 classes, batch 8: no convolution in it qualifies. */
  static byte[] lenetTrainingModel() {
    ModelSpec spec = new ModelSpec("lenet", SyntheticImages.SHAPE, 4, 1);
    TrainingConfig config = TrainingConfig.adamW(1, 8, 1);
    return TrainingArtifacts.build(ModelZoo.create(spec), LossSpec.crossEntropy(4), config,
        OptimizerSpec.adamW(config), OrtTrainingEngine.differentiator(OrtSettings.cpu()))
        .trainingModel();
  }

  @Test
  void leavesLenetsTrainingGraphByteForByte() {
    byte[] model = lenetTrainingModel();
    for (int block : new int[] {8, 16}) {
      NchwcConvRewrite.Result r = new NchwcConvRewrite(block).apply(model);
      assertSame(model, r.model());
      assertEquals(0, r.convolutions());
    }
  }

  @Test
  void refusesBlockSizesAndBytesItCannotUse() {
    assertRefusesBlockSizesAndBytes(
        NchwcConvRewrite::new, bytes -> new NchwcConvRewrite(16).apply(bytes));
  }

  /**
   * A rewrite refuses block sizes that are no power of two of at least 4, naming the size, and
   * bytes that are not an ONNX model.
   *
   * @param create the rewrite for a block size
   * @param applyAtSixteen applies the rewrite for blocks of 16 to the bytes
   */
  static void assertRefusesBlockSizesAndBytes(
      IntFunction<?> create, Consumer<byte[]> applyAtSixteen) {
    for (int block : new int[] {0, 2, 6, 12}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> create.apply(block));
      assertTrue(e.getMessage().contains(Integer.toString(block)), e.getMessage());
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> applyAtSixteen.accept(new byte[] {1, 2, 3, 4, 5}));
    assertTrue(e.getMessage().startsWith("not an ONNX model"), e.getMessage());
  }

  /** A convolution layer to run both ways: channels in and out, side, window, bias. */
  record Layer(String name, int in, int out, int side, Window window, boolean bias) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Layer> layers() {
    int b = NchwcBlock.detected().available() ? NchwcBlock.detected().size() : 16;
    return Stream.of(
        new Layer("3x3 padded with bias", 2 * b, b, 9, Window.square(3, 1, 1), true),
        new Layer("3x3 unpadded", b, 2 * b, 10, Window.square(3, 1, 0), false),
        new Layer("3x3 full (an input gradient's)", b, b, 7, Window.square(3, 1, 2), false),
        new Layer("3x3 stride 2 padded, odd side", b, 2 * b, 11, Window.square(3, 2, 1), true),
        new Layer("1x1 stride 2", 2 * b, b, 8, Window.square(1, 2, 0), false),
        new Layer("5x5 dilated 2, pads 2 and 1", b, b, 12,
            new Window(new long[] {5, 3}, new long[] {1, 1}, new long[] {2, 1, 2, 1},
                new long[] {2, 1}), true));
  }

  @ParameterizedTest
  @MethodSource("layers")
  void computesWhatTheConvolutionsComputed(Layer layer) throws Exception {
    NchwcBlock block = NchwcBlock.detected();
    assumeTrue(block.available(), () -> "no NCHWc kernels here: " + block.unavailable());
    long kh = layer.window().kernel()[0];
    long kw = layer.window().kernel()[1];
    GraphBuilder g = new GraphBuilder();
    String x = g.input("x", TensorInfo.floats(N, layer.in(), layer.side(), layer.side()));
    String w = g.input("w", TensorInfo.floats(layer.out(), layer.in(), kh, kw));
    // the weights computed from a fed tensor, as a flipped kernel of a training graph is
    String doubled = g.mul(w, g.scalar("two", 2f));
    String bias = layer.bias() ? g.input("b", TensorInfo.floats(layer.out())) : null;
    String y = g.conv(x, doubled, bias, layer.window(), 1);
    g.output(y);
    byte[] model = g.model("layer").toByteArray();
    NchwcConvRewrite.Result rewritten = new NchwcConvRewrite(block.size()).apply(model);
    assertEquals(1, rewritten.convolutions());

    SplittableRandom random = new SplittableRandom(layer.hashCode());
    int n = 3;
    float[] xs = values(random, n * layer.in() * layer.side() * layer.side());
    float[] ws = values(random, (int) (layer.out() * layer.in() * kh * kw));
    float[] bs = values(random, layer.out());
    try (NativeTensor xt = NativeTensor.floats(xs, n, layer.in(), layer.side(), layer.side());
        NativeTensor wt = NativeTensor.floats(ws, layer.out(), layer.in(), kh, kw);
        NativeTensor bt = NativeTensor.floats(bs, layer.out());
        InferenceSession plain = new InferenceSession(model, OrtSettings.cpu());
        InferenceSession blocked = new InferenceSession(rewritten.model(), OrtSettings.cpu())) {
      Map<String, NativeTensor> feeds = new LinkedHashMap<>(Map.of(x, xt, w, wt));
      if (bias != null) {
        feeds.put(bias, bt);
      }
      HostTensor expected = plain.run(feeds, List.of(y)).get(0);
      HostTensor actual = blocked.run(feeds, List.of(y)).get(0);
      assertClose(expected, actual, "a layer");
    }
  }

  /**
   * {@code actual} has {@code expected}'s dims and its values within 1e-5 of the largest magnitude
   * of {@code expected}, which is above 1 (the graph computes something).
   */
  private static void assertClose(HostTensor expected, HostTensor actual, String what) {
    float largest = 0;
    for (float v : expected.values()) {
      largest = Math.max(largest, Math.abs(v));
    }
    assertTrue(largest > 1f, what + " computes something: " + largest);
    assertArrayEquals(expected.dims(), actual.dims(), what);
    assertArrayEquals(expected.values(), actual.values(), 1e-5f * largest, what);
  }

  private static float[] values(SplittableRandom random, int count) {
    float[] v = new float[count];
    for (int i = 0; i < count; i++) {
      v[i] = (float) (random.nextDouble() * 2 - 1);
    }
    return v;
  }
}
