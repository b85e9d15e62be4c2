package org.ecoc4j.backends.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.backends.onnx.graph.Attributes;
import org.ecoc4j.backends.onnx.graph.ElementType;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;
import org.ecoc4j.backends.onnx.graph.TensorInfo;
import org.ecoc4j.backends.onnx.zoo.ImportedModel;
import org.ecoc4j.backends.onnx.zoo.OnnxImport;
import org.ecoc4j.backends.onnx.zoo.ParameterSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Import-time folding of exporters' shape computations, input layouts and windows, and the errors
 * for what cannot be imported (the numerical checks run through ONNX Runtime in backends/ort).
 */
class OnnxImportTest {

  private static final long BATCH = TensorInfo.BATCH;

  private static String node(GraphBuilder g, String op, List<String> in, TensorInfo out,
      AttributeProto... attributes) {
    return g.node(op, "", in, List.of(op.toLowerCase()), List.of(out), List.of(attributes)).get(0);
  }

  private static String constant(GraphBuilder g, long[] dims, long... values) {
    ByteBuffer bytes = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asLongBuffer().put(values);
    TensorProto.Builder t = TensorProto.newBuilder().setDataType(ElementType.INT64)
        .setRawData(ByteString.copyFrom(bytes.array()));
    for (long d : dims) {
      t.addDims(d);
    }
    return g.node("Constant", "", List.of(), List.of("const"), List.of(TensorInfo.longs(dims)),
        List.of(AttributeProto.newBuilder().setName("value")
            .setType(AttributeProto.AttributeType.TENSOR).setT(t).build())).get(0);
  }

  /**
   * Input [batch, C, H, W], {@code shape.apply(g)} computes a Reshape target from {@code input},
   * then a Gemm to 3 outputs.
   */
  private static byte[] flattenModel(long c, long h, long w, Function<GraphBuilder, String> shape) {
    GraphBuilder g = new GraphBuilder();
    g.input("input", TensorInfo.floats(BATCH, c, h, w));
    String flat = node(g, "Reshape", List.of("input", shape.apply(g)),
        TensorInfo.floats(BATCH, c * h * w));
    String y = g.gemm(flat, g.constant("fc.weight", new float[(int) (3 * c * h * w)], 3, c * h * w),
        null, true);
    g.output(y);
    return g.model("exported").toByteArray();
  }

  /** The imported model's forward graph (inference mode). */
  private static GraphBuilder replay(ImportedModel model) {
    GraphBuilder g = new GraphBuilder();
    ImageShape s = model.spec().input();
    g.input("images", TensorInfo.floats(BATCH, s.channels(), s.height(), s.width()));
    for (ParameterSpec p : model.parameters()) {
      g.input(p.name(), TensorInfo.floats(p.dims()));
    }
    g.output(model.forward(g, "images", false).output());
    return g;
  }

  private static NodeProto only(GraphBuilder g, String op) {
    List<NodeProto> found = g.nodes().stream().filter(n -> n.getOpType().equals(op)).toList();
    assertEquals(1, found.size(), op + " nodes in " + g.nodes());
    return found.get(0);
  }

  private static long[] reshapeTarget(byte[] file) {
    GraphBuilder g = replay(OnnxImport.load(file, false));
    return g.longConstant(only(g, "Reshape").getInput(1));
  }

  /** {@code x.view(x.size(0), -1)}, opset 13: Shape, Gather, Unsqueeze (axes input), Concat. */
  private static String viewBatchMinusOne(GraphBuilder g) {
    String shape = node(g, "Shape", List.of("input"), TensorInfo.longs(4));
    String size0 = node(g, "Gather", List.of(shape, constant(g, new long[0], 0)),
        TensorInfo.longs(), Attributes.of("axis", 0L));
    String batch = node(g, "Unsqueeze", List.of(size0, constant(g, new long[] {1}, 0)),
        TensorInfo.longs(1));
    return node(g, "Concat", List.of(batch, constant(g, new long[] {1}, -1)), TensorInfo.longs(2),
        Attributes.of("axis", 0L));
  }

  @Test
  void viewOfTheBatchSizeAndMinusOneFoldsToCopyAndInfer() {
    byte[] file = flattenModel(2, 3, 4, OnnxImportTest::viewBatchMinusOne);
    assertArrayEquals(new long[] {0, -1}, reshapeTarget(file));
  }

  /** The smallest and the largest image, then 20 cases whose shape is drawn from their seed. */
  static Stream<Arguments> imageShapes() {
    Stream<Arguments> edges = Stream.of(Arguments.of(0L, 1, 1, 1), Arguments.of(0L, 5, 9, 9));
    Stream<Arguments> drawn = LongStream.range(0, 20).mapToObj(seed -> {
      SplittableRandom random = new SplittableRandom(seed);
      return Arguments.of(seed, random.nextInt(1, 6), random.nextInt(1, 10), random.nextInt(1, 10));
    });
    return Stream.concat(edges, drawn);
  }

  /**
   * {@code x.view(x.size(0), x.size(1) * x.size(2) * x.size(3))} with opset 11's axes
   * attributes: the product of known sizes folds to a number, the batch to 0, for any shape.
   */
  @ParameterizedTest(name = "seed={0} c={1} h={2} w={3}")
  @MethodSource("imageShapes")
  void productsOfKnownSizesFold(long seed, int c, int h, int w) {
    byte[] file = flattenModel(c, h, w, g -> {
      String shape = node(g, "Shape", List.of("input"), TensorInfo.longs(4));
      String[] sizes = new String[4];
      for (int i = 0; i < 4; i++) {
        sizes[i] = node(g, "Gather", List.of(shape, constant(g, new long[0], i)),
            TensorInfo.longs(), Attributes.of("axis", 0L));
      }
      String area = node(g, "Mul", List.of(sizes[1], sizes[2]), TensorInfo.longs());
      String features = node(g, "Mul", List.of(area, sizes[3]), TensorInfo.longs());
      String batch = node(g, "Unsqueeze", List.of(sizes[0]), TensorInfo.longs(1),
          Attributes.ofInts("axes", 0));
      String rest = node(g, "Unsqueeze", List.of(features), TensorInfo.longs(1),
          Attributes.ofInts("axes", 0));
      return node(g, "Concat", List.of(batch, rest), TensorInfo.longs(2),
          Attributes.of("axis", 0L));
    });
    assertArrayEquals(new long[] {0, (long) c * h * w}, reshapeTarget(file));
  }

  /** Older exporters: Slice, Squeeze, Cast, Unsqueeze and a ConstantOfShape holding -1. */
  @Test
  void sliceSqueezeCastAndConstantOfShapeFold() {
    byte[] file = flattenModel(2, 2, 2, g -> {
      String shape = node(g, "Shape", List.of("input"), TensorInfo.longs(4));
      String first = node(g, "Slice", List.of(shape, constant(g, new long[] {1}, 0),
          constant(g, new long[] {1}, 1)), TensorInfo.longs(1));
      String size0 =
          node(g, "Squeeze", List.of(first), TensorInfo.longs(), Attributes.ofInts("axes", 0));
      String cast = node(g, "Cast", List.of(size0), TensorInfo.longs(), Attributes.of("to", 7L));
      String batch =
          node(g, "Unsqueeze", List.of(cast), TensorInfo.longs(1), Attributes.ofInts("axes", 0));
      ByteBuffer minusOne = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(-1);
      String rest = node(g, "ConstantOfShape", List.of(constant(g, new long[] {1}, 1)),
          TensorInfo.longs(1), AttributeProto.newBuilder().setName("value")
              .setType(AttributeProto.AttributeType.TENSOR)
              .setT(TensorProto.newBuilder().setDataType(ElementType.INT64).addDims(1)
                  .setRawData(ByteString.copyFrom(minusOne.array()))).build());
      return node(g, "Concat", List.of(batch, rest), TensorInfo.longs(2),
          Attributes.of("axis", 0L));
    });
    assertArrayEquals(new long[] {0, -1}, reshapeTarget(file));
  }

  @Test
  void shapesThatCannotBeFoldedAreErrorsNamingTheNode() {
    // [-1, batch]: the batch lands where the input has a known size, beside a -1
    byte[] twoUnknown = flattenModel(2, 3, 4, g -> {
      String shape = node(g, "Shape", List.of("input"), TensorInfo.longs(4));
      String size0 = node(g, "Gather", List.of(shape, constant(g, new long[] {1}, 0)),
          TensorInfo.longs(1), Attributes.of("axis", 0L));
      return node(g, "Concat", List.of(constant(g, new long[] {1}, -1), size0),
          TensorInfo.longs(2), Attributes.of("axis", 0L));
    });
    IllegalArgumentException open =
        assertThrows(IllegalArgumentException.class, () -> OnnxImport.load(twoUnknown, false));
    assertTrue(open.getMessage().contains("Reshape node 'node_Reshape'"), open.getMessage());
    assertTrue(open.getMessage().contains("[-1, batch]"), open.getMessage());
    assertTrue(open.getMessage().contains("unknown at import time"), open.getMessage());

    byte[] fixedBatch = flattenModel(2, 3, 4, g -> g.longs("shape", 5, 24));
    IllegalArgumentException fixed =
        assertThrows(IllegalArgumentException.class, () -> OnnxImport.load(fixedBatch, false));
    assertTrue(fixed.getMessage().contains("fixes the batch dimension at 5"), fixed.getMessage());

    byte[] castToFloat = flattenModel(2, 3, 4, g -> {
      String shape = node(g, "Shape", List.of("input"), TensorInfo.longs(4));
      node(g, "Cast", List.of(shape), TensorInfo.floats(4), Attributes.of("to", 1L));
      return viewBatchMinusOne(g);
    });
    IllegalArgumentException cast =
        assertThrows(IllegalArgumentException.class, () -> OnnxImport.load(castToFloat, false));
    assertTrue(cast.getMessage().contains("Cast node 'node_Cast'"), cast.getMessage());
    assertTrue(cast.getMessage().contains("int64 or int32, not float"), cast.getMessage());
  }

  private static byte[] pooled(AttributeProto... attributes) {
    GraphBuilder g = new GraphBuilder();
    g.input("input", TensorInfo.floats(BATCH, 1, 8, 8));
    String p = node(g, "MaxPool", List.of("input"), TensorInfo.floats(BATCH, 1, 4, 4), attributes);
    String y = g.gemm(g.flatten(p), g.constant("fc.weight", new float[3 * 16], 3, 16), null, true);
    g.output(y);
    return g.model("exported").toByteArray();
  }

  @Test
  void unsupportedAttributeValuesAreErrorsNamingTheNodeAndTheReason() {
    IllegalArgumentException order = assertThrows(IllegalArgumentException.class,
        () -> OnnxImport.load(pooled(Attributes.ofInts("kernel_shape", 2, 2),
            Attributes.ofInts("strides", 2, 2), Attributes.of("storage_order", 1L)), false));
    assertTrue(order.getMessage().contains("MaxPool node 'node_MaxPool'"), order.getMessage());
    assertTrue(order.getMessage().contains("only storage_order 0"), order.getMessage());

    GraphBuilder g = new GraphBuilder();
    g.input("input", TensorInfo.floats(BATCH, 1, 2, 2));
    String padded = node(g, "Pad", List.of("input", g.longs("pads", 0, 0, 1, 1, 0, 0, 1, 1)),
        TensorInfo.floats(BATCH, 1, 4, 4), Attributes.of("mode", "wrap"));
    g.output(g.gemm(g.flatten(padded), g.constant("fc.weight", new float[48], 3, 16), null, true));
    byte[] wrap = g.model("exported").toByteArray();
    IllegalArgumentException mode =
        assertThrows(IllegalArgumentException.class, () -> OnnxImport.load(wrap, false));
    assertTrue(mode.getMessage().contains("Pad node 'node_Pad'"), mode.getMessage());
    assertTrue(mode.getMessage().contains("only modes constant, edge and reflect, got wrap"),
        mode.getMessage());
  }

  /** TensorFlow's "same" padding with stride 2 on 16 pixels pads one row and column at the end. */
  @Test
  void sameUpperPaddingBecomesAZeroPadBeforeTheConv() {
    GraphBuilder g = new GraphBuilder();
    g.input("input", TensorInfo.floats(BATCH, 1, 16, 16));
    String c = node(g, "Conv", List.of("input", g.constant("w", new float[2 * 9], 2, 1, 3, 3)),
        TensorInfo.floats(BATCH, 2, 8, 8), Attributes.of("auto_pad", "SAME_UPPER"),
        Attributes.ofInts("strides", 2, 2));
    g.output(g.gemm(g.flatten(c), g.constant("fc.weight", new float[3 * 128], 3, 128), null, true));
    GraphBuilder imported = replay(OnnxImport.load(g.model("exported").toByteArray(), false));
    NodeProto pad = only(imported, "Pad");
    assertArrayEquals(
        new long[] {0, 0, 0, 0, 0, 0, 1, 1}, imported.longConstant(pad.getInput(1)));
    assertArrayEquals(new long[] {0, 0, 0, 0}, Attributes.intsOf(only(imported, "Conv"), "pads"));
    assertEquals(
        TensorInfo.floats(BATCH, 2, 8, 8), imported.info(only(imported, "Conv").getOutput(0)));
  }

  @Test
  void aChannelsLastInputReadOnlyThroughATransposeTakesChannelsFirstImages() {
    GraphBuilder g = new GraphBuilder();
    g.input("input_1", TensorInfo.floats(BATCH, 6, 5, 3));
    String x = node(g, "Transpose", List.of("input_1"), TensorInfo.floats(BATCH, 3, 6, 5),
        Attributes.ofInts("perm", 0, 3, 1, 2));
    g.output(g.gemm(g.flatten(x), g.constant("fc.weight", new float[2 * 90], 2, 90), null, true));
    ImportedModel model = OnnxImport.load(g.model("exported").toByteArray(), false);
    assertEquals(new ImageShape(3, 6, 5), model.spec().input());
    GraphBuilder imported = replay(model);
    assertEquals(
        2, imported.nodes().stream().filter(n -> n.getOpType().equals("Transpose")).count());
  }
}
