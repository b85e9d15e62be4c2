package org.ecoc4j.backends.ort;

import static org.ecoc4j.backends.ort.GradientChecker.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.backends.onnx.autodiff.Differentiator;
import org.ecoc4j.backends.onnx.graph.Attributes;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;
import org.ecoc4j.backends.onnx.graph.TensorInfo;
import org.ecoc4j.backends.onnx.training.TrainingArtifacts;
import org.ecoc4j.backends.onnx.zoo.ImportedModel;
import org.ecoc4j.backends.onnx.zoo.OnnxImport;
import org.ecoc4j.backends.onnx.zoo.ParameterSpec;
import org.junit.jupiter.api.Test;

/**
 * Imported indexing of float tensors (Gather, Squeeze, Unsqueeze with axes as inputs, Slice with
 * steps other than 1, dilated MaxPool, edge and reflect Pad, Pad's opset-18 axes input) and
 * batched MatMul: each file
 * is written node for node with the original operators, the imported model must compute what ONNX
 * Runtime computes on the file (to 1e-5), and its gradients must match finite differences.
 */
class ImportedIndexingTest {

  private static final long BATCH = TensorInfo.BATCH;

  private static String node(GraphBuilder g, String op, List<String> in, TensorInfo out,
      AttributeProto... attributes) {
    return g.node(op, "", in, List.of(op.toLowerCase()), List.of(out), List.of(attributes)).get(0);
  }

  /** A 0-d int64 Constant, as the TorchScript exporter writes {@code x[:, i]}'s index. */
  private static String scalarIndex(GraphBuilder g, long value) {
    TensorProto t = TensorProto.newBuilder().setDataType(TensorProto.DataType.INT64_VALUE)
        .addInt64Data(value).build();
    return g.node("Constant", "", List.of(), List.of("index"), List.of(TensorInfo.longs()),
        List.of(AttributeProto.newBuilder().setName("value")
            .setType(AttributeProto.AttributeType.TENSOR).setT(t).build())).get(0);
  }

  /** Flatten and a Linear layer of three outputs (a trainable weight). */
  private static String head(GraphBuilder g, String x) {
    String flat = g.flatten(x);
    int features = (int) g.info(flat).dim(1);
    return g.gemm(flat, g.constant("fc.weight", uniform(3 * features, features), 3, features),
        null, true);
  }

  /** The model with its default-domain opset set to {@code version}. */
  private static byte[] withOpset(ModelProto model, long version) {
    ModelProto.Builder b = model.toBuilder().clearOpsetImport();
    for (OperatorSetIdProto id : model.getOpsetImportList()) {
      b.addOpsetImport(id.getDomain().isEmpty() ? id.toBuilder().setVersion(version).build() : id);
    }
    return b.build().toByteArray();
  }

  /**
   * The imported model's scores for {@code n} seeded images equal ONNX Runtime's on the file, and
   * its gradients (images and every parameter) match central finite differences.
   */
  private static ImportedModel matchesTheFileAndFiniteDifferences(
      byte[] file, int n, long seed, Differentiator differentiator) {
    ImportedModel model = OnnxImport.load(file, false);
    ImageShape s = model.spec().input();
    float[] images = GradientChecker.distinct(n * s.size(), seed, 0.01);
    float[] expected;
    try (InferenceSession session = new InferenceSession(file, OrtSettings.cpu());
        NativeTensor x = NativeTensor.floats(images, n, s.channels(), s.height(), s.width())) {
      expected = session.run(Map.of(session.inputNames().get(0), x),
          List.of(session.outputNames().get(0))).get(0).values();
    }
    TrainingArtifacts artifacts = TrainingArtifacts.build(
        model, LossSpec.crossEntropy(model.spec().outputs()), TrainingConfig.adamW(1, 4, 1));
    try (TrainingSession session =
            new TrainingSession(artifacts, artifacts.checkpoint(), OrtSettings.cpu());
        NativeTensor x = NativeTensor.floats(images, n, s.channels(), s.height(), s.width())) {
      assertArrayEquals(expected, session.scores(x).values(), 1e-5f);
    }
    List<GradientChecker.Input> inputs = new ArrayList<>();
    inputs.add(GradientChecker.Input.floats("images", images, n, s.channels(), s.height(),
        s.width()));
    Map<String, float[]> values = model.initialValues(0);
    for (ParameterSpec p : model.parameters()) {
      inputs.add(GradientChecker.Input.floats(p.name(), values.get(p.name()), p.dims()));
    }
    new GradientChecker(differentiator, 1e-3, 2e-3, 1e-2, 64)
        .check(inputs, g -> model.forward(g, "images", false).output());
    return model;
  }

  /**
   * {@code x[:, [2, 0, 1, 1]]} (a vector Gather with a repeat and a descending step), {@code
   * x[..., -2]} (a scalar Gather dropping the axis), then Unsqueeze and Squeeze with their axes
   * as inputs (opset 13), a Squeeze without axes and a Gemm.
   */
  @Test
  void gatherSqueezeAndUnsqueezeOfFloatTensors() {
    GraphBuilder g = new GraphBuilder();
    g.input("input", TensorInfo.floats(BATCH, 3, 4, 5));
    String picked = node(g, "Gather", List.of("input", g.longs("channels", 2, 0, 1, 1)),
        TensorInfo.floats(BATCH, 4, 4, 5), Attributes.of("axis", 1L));
    String column = node(g, "Gather", List.of(picked, scalarIndex(g, -2)),
        TensorInfo.floats(BATCH, 4, 4), Attributes.of("axis", 3L));
    String widened = node(g, "Unsqueeze", List.of(column, g.longs("axes", 1, -1)),
        TensorInfo.floats(BATCH, 1, 4, 4, 1));
    String narrowed = node(g, "Squeeze", List.of(widened, g.longs("squeezed", 1)),
        TensorInfo.floats(BATCH, 4, 4, 1));
    String all = node(g, "Squeeze", List.of(narrowed), TensorInfo.floats(BATCH, 4, 4));
    g.output(head(g, all));
    matchesTheFileAndFiniteDifferences(
        g.model("gathered").toByteArray(), 3, 12, Differentiator.standard());
  }

  /**
   * {@code x[:, :, 1::2, ::3]} (Slice with steps 2 and 3, ends past the size clamped) and a flip
   * of the channels (step -1 from the end to before the start), as the exporters write them.
   */
  @Test
  void sliceWithStepsOtherThanOne() {
    GraphBuilder g = new GraphBuilder();
    g.input("input", TensorInfo.floats(BATCH, 2, 9, 8));
    String strided = node(g, "Slice", List.of("input", g.longs("starts", 1, 0),
            g.longs("ends", Long.MAX_VALUE, 8), g.longs("axes", 2, 3), g.longs("steps", 2, 3)),
        TensorInfo.floats(BATCH, 2, 4, 3));
    String flipped = node(g, "Slice", List.of(strided, g.longs("from", -1),
            g.longs("to", Long.MIN_VALUE), g.longs("axis", 1), g.longs("step", -1)),
        TensorInfo.floats(BATCH, 2, 4, 3));
    String everyOther = node(g, "Slice", List.of(flipped, g.longs("s", 0), g.longs("e", 3),
            g.longs("a", 3), g.longs("st", 2)),
        TensorInfo.floats(BATCH, 2, 4, 2));
    g.output(head(g, everyOther));
    matchesTheFileAndFiniteDifferences(
        g.model("sliced").toByteArray(), 2, 13, Differentiator.standard());
  }

  /**
   * MaxPool with kernel 3, dilation 2 and padding 1 (7 x 7 out of 9 x 9), differentiated both
   * through ONNX Runtime's {@code MaxPoolGrad} and by scattering at the argmax (distinct inputs,
   * so no window has a tie).
   */
  @Test
  void dilatedMaxPool() {
    GraphBuilder g = new GraphBuilder();
    g.input("input", TensorInfo.floats(BATCH, 2, 9, 9));
    String pooled = node(g, "MaxPool", List.of("input"), TensorInfo.floats(BATCH, 2, 7, 7),
        Attributes.ofInts("kernel_shape", 3, 3), Attributes.ofInts("dilations", 2, 2),
        Attributes.ofInts("pads", 1, 1, 1, 1));
    g.output(head(g, pooled));
    byte[] file = g.model("dilated").toByteArray();
    matchesTheFileAndFiniteDifferences(file, 2, 14, Differentiator.standard());
    matchesTheFileAndFiniteDifferences(file, 2, 15, Differentiator.portable());
  }

  /** Reflect padding of 2 and 1 rows, edge padding of the columns, then a constant Pad. */
  @Test
  void edgeAndReflectPad() {
    GraphBuilder g = new GraphBuilder();
    g.input("input", TensorInfo.floats(BATCH, 2, 5, 5));
    String reflected = node(g, "Pad",
        List.of("input", g.longs("pads", 0, 0, 2, 0, 0, 0, 1, 0)),
        TensorInfo.floats(BATCH, 2, 8, 5), Attributes.of("mode", "reflect"));
    String edged = node(g, "Pad",
        List.of(reflected, g.longs("edge_pads", 0, 0, 0, 3, 0, 0, 0, 1)),
        TensorInfo.floats(BATCH, 2, 8, 9), Attributes.of("mode", "edge"));
    g.output(head(g, edged));
    matchesTheFileAndFiniteDifferences(
        g.model("padded").toByteArray(), 2, 16, Differentiator.standard());
  }

  /** Opset 18's Pad with an axes input (negative axes), in reflect and constant modes. */
  @Test
  void padWithAnAxesInput() {
    GraphBuilder g = new GraphBuilder();
    g.input("input", TensorInfo.floats(BATCH, 2, 5, 5));
    String reflected = node(g, "Pad",
        List.of("input", g.longs("pads", 1, 2, 3, 1), "", g.longs("axes", -1, 2)),
        TensorInfo.floats(BATCH, 2, 8, 9), Attributes.of("mode", "reflect"));
    String constant = node(g, "Pad",
        List.of(reflected, g.longs("c_pads", 1, 1), g.scalar("value", 0.5f), g.longs("c_axes", 1)),
        TensorInfo.floats(BATCH, 4, 8, 9));
    g.output(head(g, constant));
    matchesTheFileAndFiniteDifferences(
        withOpset(g.model("padded18"), 18), 2, 17, Differentiator.standard());
  }

  /**
   * A batched MatMul as a Linear layer over the last axis of [batch, 2, 4, 4] exports ({@code x
   * @ W} with W [4, 3] broadcast over the batch and channels), then a second one by a stack [2,
   * 3, 3] broadcast over the batch.
   */
  @Test
  void batchedMatMul() {
    GraphBuilder g = new GraphBuilder();
    g.input("input", TensorInfo.floats(BATCH, 2, 4, 4));
    String linear = node(g, "MatMul",
        List.of("input", g.constant("w", uniform(12, 18), 4, 3)),
        TensorInfo.floats(BATCH, 2, 4, 3));
    String stacked = node(g, "MatMul",
        List.of(linear, g.constant("stack", uniform(18, 19), 2, 3, 3)),
        TensorInfo.floats(BATCH, 2, 4, 3));
    g.output(head(g, stacked));
    matchesTheFileAndFiniteDifferences(
        g.model("matmul").toByteArray(), 3, 20, Differentiator.standard());
  }

  /** What stays refused names the node and the reason. */
  @Test
  void unsupportedIndexingIsRefusedNamingTheNode() {
    GraphBuilder g = new GraphBuilder();
    g.input("input", TensorInfo.floats(BATCH, 2, 3, 3));
    String reflected = node(g, "Pad",
        List.of("input", g.longs("pads", 0, 0, 3, 0, 0, 0, 0, 0)),
        TensorInfo.floats(BATCH, 2, 6, 3), Attributes.of("mode", "reflect"));
    g.output(g.flatten(reflected));
    IllegalArgumentException tooFar = assertThrows(IllegalArgumentException.class,
        () -> OnnxImport.load(g.model("far").toByteArray(), false));
    assertTrue(tooFar.getMessage().contains("Pad node 'node_Pad'"), tooFar.getMessage());
    assertTrue(tooFar.getMessage().contains("must be less than the size 3"), tooFar.getMessage());

    GraphBuilder h = new GraphBuilder();
    h.input("input", TensorInfo.floats(BATCH, 2, 3, 3));
    String batch = node(h, "Gather", List.of("input", h.longs("rows", 0)),
        TensorInfo.floats(1, 2, 3, 3), Attributes.of("axis", 0L));
    h.output(h.flatten(batch));
    IllegalArgumentException alongBatch = assertThrows(IllegalArgumentException.class,
        () -> OnnxImport.load(h.model("batch").toByteArray(), false));
    assertTrue(alongBatch.getMessage().contains("Gather node 'node_Gather'"),
        alongBatch.getMessage());
    assertTrue(alongBatch.getMessage().contains("known size"), alongBatch.getMessage());
  }
}
