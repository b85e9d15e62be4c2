package org.ecoc4j.backends.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.backends.onnx.graph.Attributes;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;
import org.ecoc4j.backends.onnx.graph.TensorInfo;
import org.ecoc4j.backends.onnx.zoo.ImportedModel;
import org.ecoc4j.backends.onnx.zoo.OnnxImport;
import org.ecoc4j.backends.onnx.zoo.ParameterSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The forms of PyTorch's exporters beyond opset 17 that import without ONNX Runtime: external
 * data read only from the model's folder, graphs exported at batch size 1 re-batched where the
 * batch can be traced (refused where it cannot), ceil-mode pooling, and opset-18 Split and
 * ReduceMean (the numerical checks against ONNX Runtime are in backends/ort's ExportFixturesTest).
 */
class ExportFormsTest {

  private static final long BATCH = TensorInfo.BATCH;

  private static String node(GraphBuilder g, String op, List<String> in, TensorInfo out,
      AttributeProto... attributes) {
    return g.node(op, "", in, List.of(op.toLowerCase()), List.of(out), List.of(attributes)).get(0);
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

  // ---- external data ----

  /** Input [batch, 1, 2, 2], flattened, times a [3, 4] weight stored at {@code location}. */
  private static byte[] externalModel(String location, long offset) {
    GraphBuilder g = new GraphBuilder();
    g.input("input", TensorInfo.floats(BATCH, 1, 2, 2));
    g.output(g.gemm(g.flatten("input"), g.namedConstant("fc.weight", new float[12], 3, 4), null,
        true));
    ModelProto model = g.model("exported");
    List<TensorProto> initializers = new ArrayList<>();
    for (TensorProto t : model.getGraph().getInitializerList()) {
      initializers.add(!t.getName().equals("fc.weight") ? t : t.toBuilder().clearRawData()
          .clearFloatData().setDataLocation(TensorProto.DataLocation.EXTERNAL)
          .addExternalData(entry("location", location))
          .addExternalData(entry("offset", Long.toString(offset)))
          .addExternalData(entry("length", "48")).build());
    }
    return model.toBuilder().setGraph(model.getGraph().toBuilder().clearInitializer()
        .addAllInitializer(initializers)).build().toByteArray();
  }

  private static StringStringEntryProto entry(String key, String value) {
    return StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
  }

  private static byte[] weights(int pad) {
    ByteBuffer b = ByteBuffer.allocate(pad + 48).order(ByteOrder.LITTLE_ENDIAN);
    b.position(pad);
    for (int i = 0; i < 12; i++) {
      b.putFloat(i + 0.5f);
    }
    return b.array();
  }

  @Test
  void externalWeightsAreReadFromTheModelsFolderAtTheirOffset(@TempDir Path dir)
      throws IOException {
    Files.write(dir.resolve("net.onnx.data"), weights(16));
    Path file = Files.write(dir.resolve("net.onnx"), externalModel("net.onnx.data", 16));
    ImportedModel model = OnnxImport.load(file, false);
    float[] expected = new float[12];
    for (int i = 0; i < 12; i++) {
      expected[i] = i + 0.5f;
    }
    assertArrayEquals(expected, model.initialValues(0).get("m0.fc.weight"));
  }

  @Test
  void aSelfContainedCopyHoldsTheExternalWeightsAndImportsAlone(@TempDir Path dir)
      throws IOException {
    Files.write(dir.resolve("net.onnx.data"), weights(16));
    Path file = Files.write(dir.resolve("net.onnx"), externalModel("net.onnx.data", 16));
    byte[] whole = OnnxImport.selfContained(file);
    Path elsewhere = Files.write(
        Files.createDirectories(dir.resolve("copy")).resolve("graph.onnx"), whole);
    assertArrayEquals(OnnxImport.load(file, false).initialValues(0).get("m0.fc.weight"),
        OnnxImport.load(elsewhere, false).initialValues(0).get("m0.fc.weight"));
    assertTrue(ModelProto.parseFrom(whole).getGraph().getInitializerList().stream()
        .noneMatch(t -> t.getDataLocation() == TensorProto.DataLocation.EXTERNAL));

    byte[] inGraph = ModelProto.parseFrom(whole).toByteArray();
    Path plain = Files.write(dir.resolve("plain.onnx"), inGraph);
    assertArrayEquals(inGraph, OnnxImport.selfContained(plain), "a file without external data"
        + " is kept byte for byte");
    Path outside = Files.write(dir.resolve("copy").resolve("bad.onnx"),
        externalModel("../net.onnx.data", 16));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> OnnxImport.selfContained(outside));
    assertTrue(e.getMessage().contains("only a file in the model's own folder"), e.getMessage());
  }

  @Test
  void externalDataOutsideTheFolderShortOrWithoutTheFileIsRefusedNamingTheFile(
      @TempDir Path dir) throws IOException {
    Path inner = Files.createDirectories(dir.resolve("model"));
    Files.write(dir.resolve("secret.data"), weights(0));
    for (String location : List.of("../secret.data", dir.resolve("secret.data").toString(),
        "sub/../../secret.data")) {
      Path file = Files.write(inner.resolve("net.onnx"), externalModel(location, 0));
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> OnnxImport.load(file, false));
      assertTrue(e.getMessage().contains("only a file in the model's own folder"),
          e.getMessage());
    }
    Files.createSymbolicLink(inner.resolve("link.data"), dir.resolve("secret.data"));
    Path linked = Files.write(inner.resolve("net.onnx"), externalModel("link.data", 0));
    IllegalArgumentException link =
        assertThrows(IllegalArgumentException.class, () -> OnnxImport.load(linked, false));
    assertTrue(link.getMessage().contains("links outside"), link.getMessage());

    Files.write(inner.resolve("short.data"), new byte[20]);
    Path shortFile = Files.write(inner.resolve("net.onnx"), externalModel("short.data", 0));
    IllegalArgumentException empty =
        assertThrows(IllegalArgumentException.class, () -> OnnxImport.load(shortFile, false));
    assertTrue(empty.getMessage().contains("initializer 'fc.weight' needs bytes 0 to 48 of"
        + " 'short.data', which holds 20 bytes"), empty.getMessage());
    Path absent = Files.write(inner.resolve("net.onnx"), externalModel("absent.data", 0));
    IllegalArgumentException missing =
        assertThrows(IllegalArgumentException.class, () -> OnnxImport.load(absent, false));
    assertTrue(missing.getMessage().contains("'absent.data', which is not in"),
        missing.getMessage());
    IllegalArgumentException bytes = assertThrows(IllegalArgumentException.class,
        () -> OnnxImport.load(externalModel("net.onnx.data", 0), false));
    assertTrue(bytes.getMessage().contains("keeps its values in the external file"
        + " 'net.onnx.data': import the model from its file"), bytes.getMessage());
  }

  // ---- re-batching ----

  /**
   * Input [1, 2, 3, 4] as the torch.export-based exporter declares it, then {@code between}, a
   * Reshape to {@code target} and a Gemm to 3 outputs.
   */
  private static byte[] batchOneModel(long[] target, boolean transposeFirst) {
    GraphBuilder g = new GraphBuilder();
    g.input("input", TensorInfo.floats(1, 2, 3, 4));
    String x = "input";
    if (transposeFirst) {
      x = node(g, "Transpose", List.of(x), TensorInfo.floats(2, 1, 3, 4),
          Attributes.ofInts("perm", 1, 0, 2, 3));
    }
    String flat = node(g, "Reshape", List.of(x, g.longs("val", target)), TensorInfo.floats(1, 24));
    g.output(g.gemm(flat, g.constant("fc.weight", new float[72], 3, 24), null, true));
    return g.model("exported").toByteArray();
  }

  @Test
  void aReshapeThatBakedBatchOneIsRebatchedWithANotice() {
    for (long[] target : List.of(new long[] {1, -1}, new long[] {1, 24})) {
      ImportedModel model = OnnxImport.load(batchOneModel(target, false), false);
      assertEquals(1, model.notices().size(), model.notices().toString());
      assertTrue(model.notices().get(0).contains("exported at batch size 1"),
          model.notices().get(0));
      GraphBuilder g = replay(model);
      long[] rebatched = g.longConstant(only(g, "Reshape").getInput(1));
      assertEquals(0, rebatched[0]);
      assertEquals(TensorInfo.floats(BATCH, 24), g.info(only(g, "Reshape").getOutput(0)));
    }
  }

  @Test
  void aBakedBatchThatCannotBeTracedIsRefused() {
    // the Transpose moves the batch to axis 1: the Reshape's 1 is not the batch any more
    IllegalArgumentException moved = assertThrows(IllegalArgumentException.class,
        () -> OnnxImport.load(batchOneModel(new long[] {1, -1}, true), false));
    assertTrue(moved.getMessage().contains("Reshape node 'node_Reshape'"), moved.getMessage());
    assertTrue(moved.getMessage().contains("exported at batch 1 and the batch cannot be traced"),
        moved.getMessage());
    // [2, 12]: the 1 was merged into another dimension
    IllegalArgumentException merged = assertThrows(IllegalArgumentException.class,
        () -> OnnxImport.load(batchOneModel(new long[] {2, 12}, false), false));
    assertTrue(merged.getMessage().contains("cannot be traced"), merged.getMessage());
  }

  // ---- ceil mode ----

  /** 30 seeded windows: sizes 1-12, kernels 1-4, strides 1-3, pads below the kernel. */
  static Stream<Arguments> windows() {
    return LongStream.range(0, 30).mapToObj(seed -> {
      SplittableRandom r = new SplittableRandom(seed);
      int kernel = r.nextInt(1, 5);
      int pad = r.nextInt(0, Math.min(kernel, 2));
      return Arguments.of(seed, r.nextInt(kernel, 13), kernel, r.nextInt(1, 4), pad);
    });
  }

  /**
   * A ceil-mode MaxPool imports with as many windows as PyTorch's rule counts: windows at
   * {@code i * stride} (in padded coordinates) are added while the last one has not reached the
   * padded end, but none starting past the input and its begin pad; counted here one by one.
   */
  @ParameterizedTest(name = "seed={0} size={1} kernel={2} stride={3} pad={4}")
  @MethodSource("windows")
  void ceilModePoolingHasPyTorchsWindowCount(
      long seed, int size, int kernel, int stride, int pad) {
    // windows are added while the last one has not reached the padded end, but none may start
    // past the input and its begin pad
    int counted = 1;
    for (int start = stride; start - stride + kernel < size + 2 * pad && start < size + pad;
        start += stride) {
      counted++;
    }
    GraphBuilder g = new GraphBuilder();
    g.input("input", TensorInfo.floats(BATCH, 1, size, size));
    String p = node(g, "MaxPool", List.of("input"), TensorInfo.floats(BATCH, 1, counted, counted),
        Attributes.ofInts("kernel_shape", kernel, kernel), Attributes.ofInts("strides", stride,
            stride), Attributes.ofInts("pads", pad, pad, pad, pad), Attributes.of("ceil_mode", 1L));
    g.output(g.gemm(g.flatten(p), g.constant("w", new float[counted * counted], 1,
        counted * counted), null, true));
    GraphBuilder imported = replay(OnnxImport.load(g.model("exported").toByteArray(), false));
    assertEquals(TensorInfo.floats(BATCH, 1, counted, counted),
        imported.info(only(imported, "MaxPool").getOutput(0)));
  }

  // ---- opset 18 ----

  /** Split by num_outputs (opset 18) and ReduceMean with its axes as an input (opset 18). */
  @Test
  void opset18SplitAndReduceMeanImport() {
    GraphBuilder g = new GraphBuilder();
    g.input("input", TensorInfo.floats(BATCH, 5, 4, 4));
    List<String> parts = g.node("Split", "", List.of("input"), List.of("a", "b"),
        List.of(TensorInfo.floats(BATCH, 3, 4, 4), TensorInfo.floats(BATCH, 2, 4, 4)),
        List.of(Attributes.of("axis", 1L), Attributes.of("num_outputs", 2L)));
    String mean = node(g, "ReduceMean", List.of(parts.get(0), g.longs("axes", -1, -2)),
        TensorInfo.floats(BATCH, 3, 1, 1), Attributes.of("keepdims", 1L));
    String sum = node(g, "ReduceSum", List.of(parts.get(1), g.longs("axes2", 2, 3)),
        TensorInfo.floats(BATCH, 2), Attributes.of("keepdims", 0L));
    String both = g.concat(1, List.of(g.flatten(mean), sum));
    g.output(g.gemm(both, g.constant("w", new float[10], 2, 5), null, true));
    GraphBuilder imported = replay(OnnxImport.load(g.model("exported").toByteArray(), false));
    NodeProto split = only(imported, "Split");
    assertArrayEquals(new long[] {3, 2}, imported.longConstant(split.getInput(1)));
    assertEquals(TensorInfo.floats(BATCH, 3, 1, 1),
        imported.info(only(imported, "ReduceMean").getOutput(0)));
    assertEquals(TensorInfo.floats(BATCH, 2),
        imported.info(only(imported, "ReduceSum").getOutput(0)));
  }
}
