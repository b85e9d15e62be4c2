package org.ecoc4j.backends.ort;

import static org.ecoc4j.backends.ort.NchwcConvRewriteTest.ops;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.backends.onnx.graph.Attributes;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;
import org.ecoc4j.backends.onnx.graph.TensorInfo;
import org.ecoc4j.backends.onnx.training.LossGraph;
import org.ecoc4j.backends.onnx.zoo.Activation;
import org.ecoc4j.backends.onnx.zoo.ParameterInitializer;
import org.ecoc4j.backends.onnx.zoo.ParameterSpec;
import org.ecoc4j.backends.onnx.zoo.ResNetV1;
import org.ecoc4j.backends.onnx.zoo.WideResNet;
import org.ecoc4j.backends.onnx.zoo.ZooModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rewrite that keeps the activations between NCHWc convolutions blocked: which nodes it moves
 * and fuses, where it writes NCHW copies back, and (where this machine has the kernels) that the
 * graphs it writes compute what the convolution rewrite alone computes.
 */
class NchwcActivationRewriteTest {

  private static final String NCHWC = NchwcConvRewrite.DOMAIN;

  private static int block() {
    NchwcBlock block = NchwcBlock.detected();
    return block.available() ? block.size() : 16;
  }

  private static GraphProto parse(byte[] bytes) throws InvalidProtocolBufferException {
    return ModelProto.parseFrom(bytes).getGraph();
  }

  /** Two convolutions with batch normalization's pieces, a residual sum and an NCHW reader. */
  private record Block(byte[] model, List<String> outputs, List<String> inputs, long[][] dims) {}

  private static Block block(int b) {
    long n = 2;
    long c = b;
    GraphBuilder g = new GraphBuilder();
    String x = g.input("x", TensorInfo.floats(n, c, 6, 6));
    String w1 = g.input("w1", TensorInfo.floats(c, c, 3, 3));
    String w2 = g.input("w2", TensorInfo.floats(c, c, 3, 3));
    String a = g.reshape(g.input("a", TensorInfo.floats(c)), 1, c, 1, 1);
    String s = g.reshape(g.input("s", TensorInfo.floats(c)), 1, c, 1, 1);
    String y1 = g.conv(x, w1, null, 1, 1);
    String sums = g.reduceSum(y1, true, 0, 2, 3);
    String squares = g.reduceSumSquare(y1, true, 0, 2, 3);
    String z = g.relu(g.add(g.mul(y1, a), s));
    String y2 = g.conv(z, w2, null, 1, 1);
    String swapped = g.transpose(z, 1, 0, 2, 3);
    String r = g.relu(g.add(g.add(g.mul(y2, a), s), y1));
    String h = g.add(g.mul(r, g.scalar("two", 2f)), s);
    List<String> outs = List.of(sums, squares, swapped, h);
    outs.forEach(g::output);
    byte[] model = new NchwcConvRewrite(b).apply(g.model("block").toByteArray()).model();
    return new Block(model, outs, List.of(x, w1, w2, "a", "s"),
        new long[][] {{n, c, 6, 6}, {c, c, 3, 3}, {c, c, 3, 3}, {c}, {c}});
  }

  @Test
  void runsBatchNormalizationsPiecesOnTheBlockedTensors() throws Exception {
    int b = block();
    Block block = block(b);
    NchwcActivationRewrite.Result result = new NchwcActivationRewrite(b).apply(block.model());
    assertTrue(result.nodes() > 0);
    GraphProto before = parse(block.model());
    GraphProto g = parse(result.model());
    List<String> convOutputs = ops(before, "ReorderOutput", NCHWC).stream()
        .map(n -> n.getOutput(0)).toList();
    assertEquals(2, convOutputs.size());
    // neither convolution's NCHW output is written any more; z (read by the Transpose) and the
    // graph output h are, from their blocked twins
    Set<String> unblocked = new HashSet<>();
    ops(g, "ReorderOutput", NCHWC).forEach(n -> unblocked.add(n.getOutput(0)));
    for (String y : convOutputs) {
      assertTrue(!unblocked.contains(y), y + " written back");
    }
    assertEquals(2, unblocked.size(), unblocked.toString());
    assertTrue(unblocked.contains(block.outputs().get(3)), unblocked.toString());
    // the second convolution reads z's twin: one ReorderInput (of x) is left
    List<NodeProto> reorders = ops(g, "ReorderInput", NCHWC);
    assertEquals(1, reorders.size());
    assertEquals("x", reorders.get(0).getInput(0));
    assertEquals(List.of(), ops(g, "ReduceSumSquare", ""));
    // x a + s then Relu: one depthwise Conv; (y2 a + s) + y1 then Relu: one with a Sum input;
    // 2 r + s: a Mul by the scalar and a depthwise Conv of weights 1 with the bias
    List<NodeProto> depthwise = ops(g, "Conv", NCHWC).stream()
        .filter(n -> Attributes.intOf(n, "group", 1) == b).toList();
    assertEquals(3, depthwise.size(), depthwise.toString());
    NodeProto first = depthwise.stream().filter(n -> n.getInput(3).isEmpty()
        && "Relu".equals(Attributes.stringOf(n, "activation", null))).findFirst().orElseThrow();
    assertTrue(!first.getInput(2).isEmpty());
    NodeProto residual = depthwise.stream().filter(n -> !n.getInput(3).isEmpty())
        .findFirst().orElseThrow();
    assertEquals("Relu", Attributes.stringOf(residual, "activation", null));
    assertTrue(!residual.getInput(2).isEmpty());
    NodeProto biasOnly = depthwise.stream()
        .filter(n -> Attributes.stringOf(n, "activation", null) == null).findFirst().orElseThrow();
    assertTrue(biasOnly.getInput(1).startsWith("nchwc_ones"), biasOnly.toString());
    assertEquals(before.getInputList(), g.getInputList());
    assertEquals(before.getOutputList(), g.getOutputList());
    Set<String> written = new HashSet<>();
    for (NodeProto n : g.getNodeList()) {
      for (String o : n.getOutputList()) {
        assertTrue(written.add(o), "written twice: " + o);
      }
      for (String in : n.getInputList()) {
        assertTrue(in.isEmpty() || written.contains(in) || isSource(g, in),
            "read before it is written: " + in);
      }
    }

    assumeTrue(NchwcBlock.detected().available(), NchwcBlock.detected()::unavailable);
    assertSameValues(block.model(), result.model(), block.inputs(), block.dims(),
        block.outputs(), 1e-5);
  }

  private static boolean isSource(GraphProto g, String name) {
    return g.getInputList().stream().anyMatch(v -> v.getName().equals(name))
        || g.getInitializerList().stream().anyMatch(t -> t.getName().equals(name));
  }

  /**
   * Loss and gradients of a whole training graph with ReLU (wide residual network: batch
   * normalization before each activation; ResNet v1: a ReLU after each residual sum), the
   * convolution rewrite alone against both rewrites.
   */
  @ParameterizedTest
  @ValueSource(strings = {"wrn-16-4", "resnet32"})
  void computesTheGradientsTheConvolutionRewriteComputes(String name) throws Exception {
    NchwcBlock detected = NchwcBlock.detected();
    assumeTrue(detected.available(), detected::unavailable);
    int b = detected.size();
    ModelSpec spec = new ModelSpec(name, new ImageShape(3, 8, 8), 3, 2);
    Supplier<ZooModel> model = name.startsWith("wrn")
        ? () -> new WideResNet(spec, 16, 4, Activation.RELU)
        : () -> new ResNetV1(spec, 32, Activation.RELU);
    ZooModel zoo = model.get();
    int batch = 4;
    GraphBuilder g = new GraphBuilder();
    List<String> inputs = new ArrayList<>();
    List<long[]> dims = new ArrayList<>();
    List<float[]> values = new ArrayList<>();
    inputs.add(g.input("images", TensorInfo.floats(batch, 3, 8, 8)));
    dims.add(new long[] {batch, 3, 8, 8});
    values.add(GradientChecker.uniform(batch * 3 * 64, 3));
    Map<String, float[]> initial = ParameterInitializer.initialize(zoo.parameters(), 7);
    List<String> trainable = new ArrayList<>();
    for (ParameterSpec p : zoo.parameters()) {
      inputs.add(g.input(p.name(), TensorInfo.floats(p.dims())));
      dims.add(p.dims());
      values.add(initial.get(p.name()));
      if (p.trainable()) {
        trainable.add(p.name());
      }
    }
    long[] labels = {0, 1, 2, 1};
    String labelName = g.input("labels", TensorInfo.longs(batch));
    String loss = LossGraph.append(g, LossSpec.crossEntropy(3), spec,
        zoo.forward(g, "images", true).output(), labelName).loss();
    trainable.add("images");
    Map<String, String> grads = OrtTrainingEngine.differentiator(OrtSettings.cpu())
        .differentiate(g, loss, trainable, t -> t + "_gradient");
    List<String> outs = new ArrayList<>(List.of(g.identityNamed(loss, "checked_loss")));
    outs.addAll(grads.values());
    outs.forEach(g::output);
    byte[] convolutions = new NchwcConvRewrite(b).apply(g.model(name).toByteArray()).model();
    NchwcActivationRewrite.Result both = new NchwcActivationRewrite(b).apply(convolutions);
    GraphProto before = parse(convolutions);
    GraphProto after = parse(both.model());
    long reorderedBefore = reorderedElements(before);
    long reorderedAfter = reorderedElements(after);
    assertTrue(reorderedAfter < reorderedBefore * 3 / 4,
        reorderedBefore + " values reordered before, " + reorderedAfter + " after");
    assertTrue(ops(after, "Conv", NCHWC).stream()
        .anyMatch(n -> "Relu".equals(Attributes.stringOf(n, "activation", null))));
    if (name.startsWith("wrn")) {
      // the strided 1x1 shortcuts' weight gradients sample their input by the blocked Conv
      assertTrue(sampling(before) >= 2, "sampling Slices: " + sampling(before));
      assertEquals(0, sampling(after));
      // and their input gradients are spread on the blocked tensors
      assertTrue(spreads(before, 6) >= 2, "NCHW spreads before: " + spreads(before, 6));
      assertEquals(spreads(before, 6), spreads(after, 7));
      assertEquals(0, spreads(after, 6));
    }

    Map<String, NativeTensor> feeds = new LinkedHashMap<>();
    try {
      for (int i = 0; i < inputs.size(); i++) {
        feeds.put(inputs.get(i), NativeTensor.floats(values.get(i), dims.get(i)));
      }
      feeds.put(labelName, NativeTensor.longs(labels, batch));
      assertSameValues(convolutions, both.model(), feeds, outs, 1e-4);
    } finally {
      feeds.values().forEach(NativeTensor::close);
    }
  }

  /** The Pads of tensors of this rank (12 pads: a strided 1x1 input gradient's spread). */
  private static long spreads(GraphProto graph, int rank) {
    Set<String> pads = new HashSet<>();
    for (var t : graph.getInitializerList()) {
      if (t.getDimsCount() == 1 && t.getDims(0) == 2L * rank) {
        pads.add(t.getName());
      }
    }
    return ops(graph, "Pad", "").stream().filter(n -> pads.contains(n.getInput(1))).count();
  }

  /** The Slices that sample the input of a strided 1x1 convolution's weight gradient. */
  private static long sampling(GraphProto graph) {
    return ops(graph, "Slice", "").stream()
        .filter(n -> n.getOutput(0).startsWith("conv_sampled"))
        .count();
  }

  /** The values the graph's reorders move: each NCHW side's element count. */
  private static long reorderedElements(GraphProto graph) {
    Map<String, Long> sizes = new HashMap<>();
    for (List<ValueInfoProto> infos :
        List.of(graph.getInputList(), graph.getValueInfoList(), graph.getOutputList())) {
      for (ValueInfoProto v : infos) {
        long count = 1;
        for (var d : v.getType().getTensorType().getShape().getDimList()) {
          count *= d.getDimValue();
        }
        sizes.put(v.getName(), count);
      }
    }
    long total = 0;
    for (NodeProto n : graph.getNodeList()) {
      if (n.getDomain().equals(NCHWC) && (n.getOpType().equals("ReorderOutput")
          || n.getOpType().equals("ReorderInput"))) {
        String nchw = n.getOpType().equals("ReorderOutput") ? n.getOutput(0) : n.getInput(0);
        Long count = sizes.get(nchw);
        assertTrue(count != null && count > 0, "no shape declared for " + nchw);
        total += count;
      }
    }
    return total;
  }

  private static void assertSameValues(byte[] expectedModel, byte[] actualModel,
      List<String> inputs, long[][] dims, List<String> outs, double tolerance) {
    SplittableRandom random = new SplittableRandom(17);
    Map<String, NativeTensor> feeds = new LinkedHashMap<>();
    try {
      for (int i = 0; i < inputs.size(); i++) {
        long count = 1;
        for (long d : dims[i]) {
          count *= d;
        }
        float[] v = new float[(int) count];
        for (int k = 0; k < v.length; k++) {
          v[k] = (float) (random.nextDouble() * 2 - 1);
        }
        feeds.put(inputs.get(i), NativeTensor.floats(v, dims[i]));
      }
      assertSameValues(expectedModel, actualModel, feeds, outs, tolerance);
    } finally {
      feeds.values().forEach(NativeTensor::close);
    }
  }

  private static void assertSameValues(byte[] expectedModel, byte[] actualModel,
      Map<String, NativeTensor> feeds, List<String> outs, double tolerance) {
    try (InferenceSession plain = new InferenceSession(expectedModel, OrtSettings.cpu());
        InferenceSession blocked = new InferenceSession(actualModel, OrtSettings.cpu())) {
      List<HostTensor> expected = plain.run(feeds, outs);
      List<HostTensor> actual = blocked.run(feeds, outs);
      for (int k = 0; k < outs.size(); k++) {
        float largest = 0;
        for (float v : expected.get(k).values()) {
          largest = Math.max(largest, Math.abs(v));
        }
        assertTrue(largest > 0, outs.get(k) + " computes something");
        assertArrayEquals(expected.get(k).dims(), actual.get(k).dims(), outs.get(k));
        assertArrayEquals(expected.get(k).values(), actual.get(k).values(),
            (float) (tolerance * largest), outs.get(k));
      }
    }
  }

  @Test
  void leavesAGraphWithoutBlockedConvolutionsByteForByte() {
    byte[] model = NchwcConvRewriteTest.lenetTrainingModel();
    NchwcActivationRewrite.Result r = new NchwcActivationRewrite(16).apply(model);
    assertSame(model, r.model());
    assertEquals(0, r.nodes());
  }

  @Test
  void refusesBlockSizesAndBytesItCannotUse() {
    NchwcConvRewriteTest.assertRefusesBlockSizesAndBytes(
        NchwcActivationRewrite::new, bytes -> new NchwcActivationRewrite(16).apply(bytes));
  }

  @Test
  void writesBackATensorThatAGraphOutputNames() throws Exception {
    int b = block();
    GraphBuilder g = new GraphBuilder();
    String x = g.input("x", TensorInfo.floats(2, b, 5, 5));
    String y = g.conv(x, g.input("w", TensorInfo.floats(b, b, 3, 3)), null, 1, 1);
    String z = g.relu(y);
    g.output(z);
    byte[] convolutions = new NchwcConvRewrite(b).apply(g.model("out").toByteArray()).model();
    GraphProto after = parse(new NchwcActivationRewrite(b).apply(convolutions).model());
    List<NodeProto> back = ops(after, "ReorderOutput", NCHWC);
    assertEquals(1, back.size());
    assertEquals(z, back.get(0).getOutput(0));
    assertNull(after.getValueInfoList().stream().filter(v -> v.getName().equals(y))
        .findFirst().orElse(null), "the convolution's NCHW output is declared but not written");
    assumeTrue(NchwcBlock.detected().available(), NchwcBlock.detected()::unavailable);
    assertSameValues(convolutions, new NchwcActivationRewrite(b).apply(convolutions).model(),
        List.of(x, "w"), new long[][] {{2, b, 5, 5}, {b, b, 3, 3}}, List.of(z), 1e-6);
  }

  /**
   * ELU and the HardSigmoid of its gradient's slope (ActivationRules' ELU rule) run on the blocked
   * tensors: the convolution's output is written back once, for the graph output only.
   */
  @Test
  void keepsEluAndItsGradientsSlopeBlocked() throws Exception {
    int b = block();
    GraphBuilder g = new GraphBuilder();
    String x = g.input("x", TensorInfo.floats(2, b, 5, 5));
    String y = g.elu(g.conv(x, g.input("w", TensorInfo.floats(b, b, 3, 3)), null, 1, 1), 1f);
    String z = g.mul(y, g.hardSigmoid(y, 1f, 1f));
    g.output(z);
    byte[] convolutions = new NchwcConvRewrite(b).apply(g.model("elu").toByteArray()).model();
    byte[] rewritten = new NchwcActivationRewrite(b).apply(convolutions).model();
    GraphProto after = parse(rewritten);
    for (String op : List.of("Elu", "HardSigmoid", "Mul")) {
      assertTrue(ops(after, op, "").stream().allMatch(n -> n.getOutput(0).endsWith("_twin")),
          op + " runs on the blocked tensor");
    }
    assertEquals(List.of(z), ops(after, "ReorderOutput", NCHWC).stream()
        .map(n -> n.getOutput(0)).toList());
    assumeTrue(NchwcBlock.detected().available(), NchwcBlock.detected()::unavailable);
    assertSameValues(convolutions, rewritten, List.of(x, "w"),
        new long[][] {{2, b, 5, 5}, {b, b, 3, 3}}, List.of(z), 0);
  }

  /**
   * A strided 1x1 convolution's input gradient (a 1x1 convolution of dY, viewed as [N, C, OH, 1,
   * OW, 1], zero-padded after, viewed as [N, C, H, W]) is spread on the blocked tensor, so the
   * ReLU after it stays blocked; a spread whose padded tensor has another reader, or whose pads
   * are not after the unit axes, stays as it is.
   */
  @Test
  void spreadsAStridedPointwiseGradientOnTheBlockedTensor() throws Exception {
    int b = block();
    GraphBuilder g = new GraphBuilder();
    String x = g.input("x", TensorInfo.floats(2, b, 3, 4));
    String y = g.conv(x, g.input("w", TensorInfo.floats(b, b, 1, 1)), null, 1, 0);
    List<String> outs = new ArrayList<>();
    String spread = g.reshape(g.pad(g.reshape(y, 0, b, 3, 1, 4, 1),
        0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 2), 0, b, 6, 12);
    outs.add(g.relu(spread));
    String shared = g.pad(g.reshape(y, 0, b, 3, 1, 4, 1), 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1);
    outs.add(g.reshape(shared, 0, b, 6, 8));
    outs.add(shared);
    String before = g.pad(g.reshape(y, 0, b, 3, 1, 4, 1), 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0);
    outs.add(g.relu(g.reshape(before, 0, b, 6, 4)));
    outs.forEach(g::output);
    byte[] convolutions = new NchwcConvRewrite(b).apply(g.model("spread").toByteArray()).model();
    byte[] rewritten = new NchwcActivationRewrite(b).apply(convolutions).model();
    GraphProto after = parse(rewritten);
    assertEquals(1, spreads(after, 7));
    assertEquals(2, spreads(after, 6));
    assertTrue(ops(after, "Relu", "").stream().anyMatch(n -> n.getOutput(0).endsWith("_twin")),
        "the ReLU after the spread runs on the blocked tensor");
    assumeTrue(NchwcBlock.detected().available(), NchwcBlock.detected()::unavailable);
    assertSameValues(convolutions, rewritten, List.of(x, "w"),
        new long[][] {{2, b, 3, 4}, {b, b, 1, 1}}, outs, 0);
  }

  @Test
  void subsamplesABlockedTensorByAStridedDepthwiseConvolution() throws Exception {
    int b = block();
    GraphBuilder g = new GraphBuilder();
    String x = g.input("x", TensorInfo.floats(2, b, 9, 9));
    String y = g.relu(g.conv(x, g.input("w", TensorInfo.floats(b, b, 3, 3)), null, 1, 1));
    List<String> outs = new ArrayList<>();
    for (long[] stepsAndEnds : new long[][] {{2, 2, 9, 9}, {3, 2, 7, 9}}) {
      long[] steps = {stepsAndEnds[0], stepsAndEnds[1]};
      String sampled = g.node("Slice", "",
          List.of(y, g.longs("starts", 0, 0), g.longs("ends", stepsAndEnds[2], stepsAndEnds[3]),
              g.longs("axes", 2, 3), g.longs("steps", steps)),
          List.of("sampled"),
          List.of(TensorInfo.floats(2, b, 8 / steps[0] + 1, 8 / steps[1] + 1)), List.of()).get(0);
      outs.add(sampled);
      g.output(sampled);
    }
    // a Slice that stops before the last kept row stays
    String cut = g.node("Slice", "",
        List.of(y, g.longs("starts", 0, 0), g.longs("ends", 8, 9), g.longs("axes", 2, 3),
            g.longs("steps", 2, 2)),
        List.of("cut"), List.of(TensorInfo.floats(2, b, 4, 5)), List.of()).get(0);
    outs.add(cut);
    g.output(cut);
    byte[] convolutions = new NchwcConvRewrite(b).apply(g.model("sampled").toByteArray()).model();
    byte[] rewritten = new NchwcActivationRewrite(b).apply(convolutions).model();
    GraphProto after = parse(rewritten);
    List<NodeProto> slices = ops(after, "Slice", "");
    assertEquals(1, slices.size());
    assertEquals(cut, slices.get(0).getOutput(0));
    List<long[]> strides = ops(after, "Conv", NCHWC).stream()
        .map(n -> Attributes.intsOf(n, "strides"))
        .filter(v -> v != null && !Arrays.equals(v, new long[] {1, 1}))
        .toList();
    assertEquals(2, strides.size());
    assertArrayEquals(new long[] {2, 2}, strides.get(0));
    assertArrayEquals(new long[] {3, 2}, strides.get(1));
    assumeTrue(NchwcBlock.detected().available(), NchwcBlock.detected()::unavailable);
    assertSameValues(convolutions, rewritten, List.of(x, "w"),
        new long[][] {{2, b, 9, 9}, {b, b, 3, 3}}, outs, 0);
  }
}
