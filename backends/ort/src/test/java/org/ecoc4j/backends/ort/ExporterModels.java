package org.ecoc4j.backends.ort;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.ecoc4j.backends.onnx.graph.Attributes;
import org.ecoc4j.backends.onnx.graph.ElementType;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;
import org.ecoc4j.backends.onnx.graph.TensorInfo;

/**
 * Forward models written node for node as exporters write them, for the import tests: what
 * {@code torch.onnx.export} (opset 13, dynamic batch axis) writes for a small CNN, and what tf2onnx
 * writes for a small Keras CNN.
 */
final class ExporterModels {

  private ExporterModels() {}

  /**
   * PyTorch, opset 13, for this module (1x16x16 inputs, 4 outputs):
   *
   * <pre>
   * x = F.relu6(self.conv(x))                        # Conv 1->8, 3x3, padding 1
   * x = F.relu6(self.pw(F.relu6(self.dw(x))))        # depthwise 3x3 / 2 (groups 8), 1x1 8->16
   * x = F.avg_pool2d(x, 3, 1, 1)                     # Pad + AveragePool (count_include_pad)
   * x = F.avg_pool2d(x, 3, 2, 1, count_include_pad=False)  # AveragePool pads 1, 8x8 -> 4x4
   * x = F.avg_pool2d(x, 2)                           # AveragePool 2 / 2
   * x = x.view(x.size(0), -1)                        # Shape, Gather, Unsqueeze, Concat, Reshape
   * return self.fc(x)                                # Gemm, transB = 1
   * </pre>
   *
   * <p>Clip bounds, the Gather index, the Unsqueeze axes and the -1 are Constant nodes (as without
   * constant folding); the -1 is a scalar unsqueezed like {@code x.size(0)}.
   */
  static byte[] torchCnn() {
    GraphBuilder g = new GraphBuilder();
    g.input("input", TensorInfo.floats(TensorInfo.BATCH, 1, 16, 16));
    String x = conv(g, "input", "conv", 8, 1, 3, 1, 1, 1);
    x = relu6(g, x);
    x = relu6(g, conv(g, x, "dw", 8, 1, 3, 2, 1, 8));
    x = relu6(g, conv(g, x, "pw", 16, 8, 1, 1, 0, 1));
    String pads = g.longs("onnx::Pad_31", 0, 0, 1, 1, 0, 0, 1, 1);
    String zero = constant(g, "/Constant_6_output_0", floatScalar(0f));
    x = node(g, "Pad", List.of(x, pads, zero), TensorInfo.floats(TensorInfo.BATCH, 16, 10, 10),
        Attributes.of("mode", "constant"));
    x = node(g, "AveragePool", List.of(x), TensorInfo.floats(TensorInfo.BATCH, 16, 8, 8),
        Attributes.ofInts("kernel_shape", 3, 3), Attributes.ofInts("pads", 0, 0, 0, 0),
        Attributes.ofInts("strides", 1, 1), Attributes.of("ceil_mode", 0L));
    x = node(g, "AveragePool", List.of(x), TensorInfo.floats(TensorInfo.BATCH, 16, 4, 4),
        Attributes.of("ceil_mode", 0L), Attributes.of("count_include_pad", 0L),
        Attributes.ofInts("kernel_shape", 3, 3), Attributes.ofInts("pads", 1, 1, 1, 1),
        Attributes.ofInts("strides", 2, 2));
    x = node(g, "AveragePool", List.of(x), TensorInfo.floats(TensorInfo.BATCH, 16, 2, 2),
        Attributes.of("ceil_mode", 0L), Attributes.ofInts("kernel_shape", 2, 2),
        Attributes.ofInts("pads", 0, 0, 0, 0), Attributes.ofInts("strides", 2, 2));
    String shape = node(g, "Shape", List.of(x), TensorInfo.longs(4));
    String index = constant(g, "/Constant_7_output_0", longTensor(new long[0], 0));
    String size0 = node(g, "Gather", List.of(shape, index), TensorInfo.longs(),
        Attributes.of("axis", 0L));
    String axes = constant(g, "/Constant_8_output_0", longTensor(new long[] {1}, 0));
    String batch = node(g, "Unsqueeze", List.of(size0, axes), TensorInfo.longs(1));
    String minusOne = constant(g, "/Constant_9_output_0", longTensor(new long[0], -1));
    String axes2 = constant(g, "/Constant_10_output_0", longTensor(new long[] {1}, 0));
    String rest = node(g, "Unsqueeze", List.of(minusOne, axes2), TensorInfo.longs(1));
    String target = node(g, "Concat", List.of(batch, rest), TensorInfo.longs(2),
        Attributes.of("axis", 0L));
    x = node(g, "Reshape", List.of(x, target), TensorInfo.floats(TensorInfo.BATCH, 64));
    String fcWeight = g.constant("fc.weight", he(4 * 64, 64, 7), 4, 64);
    String y = node(g, "Gemm", List.of(x, fcWeight, g.constant("fc.bias", he(4, 64, 8), 4)),
        TensorInfo.floats(TensorInfo.BATCH, 4), Attributes.of("alpha", 1f),
        Attributes.of("beta", 1f), Attributes.of("transB", 1L));
    g.output(y);
    return withOpset(g.model("torch_jit"), 13);
  }

  /**
   * tf2onnx, opset 13, for a Keras CNN on 16x16x3 images (channels last): Transpose to NCHW,
   * Conv 3->6 3x3 / 2 with {@code auto_pad = SAME_UPPER}, LeakyRelu(0.2), MaxPool 3x3 / 2 with
   * explicit end padding, Transpose back to NHWC for Keras' Flatten (Reshape with the constant
   * shape [-1, 96]), Dense as MatMul + Add.
   */
  static byte[] kerasCnn() {
    GraphBuilder g = new GraphBuilder();
    g.input("input_1", TensorInfo.floats(TensorInfo.BATCH, 16, 16, 3));
    String x = node(g, "Transpose", List.of("input_1"),
        TensorInfo.floats(TensorInfo.BATCH, 3, 16, 16), Attributes.ofInts("perm", 0, 3, 1, 2));
    String w = g.constant("model/conv2d/Conv2D/ReadVariableOp:0", he(6 * 27, 27, 11), 6, 3, 3, 3);
    String b = g.constant("model/conv2d/BiasAdd/ReadVariableOp:0", he(6, 27, 12), 6);
    x = node(g, "Conv", List.of(x, w, b), TensorInfo.floats(TensorInfo.BATCH, 6, 8, 8),
        Attributes.of("auto_pad", "SAME_UPPER"), Attributes.ofInts("dilations", 1, 1),
        Attributes.ofInts("kernel_shape", 3, 3), Attributes.ofInts("strides", 2, 2));
    x = node(g, "LeakyRelu", List.of(x), g.info(x), Attributes.of("alpha", 0.2f));
    x = node(g, "MaxPool", List.of(x), TensorInfo.floats(TensorInfo.BATCH, 6, 4, 4),
        Attributes.ofInts("kernel_shape", 3, 3), Attributes.ofInts("pads", 0, 0, 1, 1),
        Attributes.ofInts("strides", 2, 2));
    x = node(g, "Transpose", List.of(x), TensorInfo.floats(TensorInfo.BATCH, 4, 4, 6),
        Attributes.ofInts("perm", 0, 2, 3, 1));
    String shape = g.longs("const_fold_opt__21", -1, 96);
    x = node(g, "Reshape", List.of(x, shape), TensorInfo.floats(TensorInfo.BATCH, 96));
    String dense = g.constant("model/dense/MatMul/ReadVariableOp:0", he(96 * 4, 96, 13), 96, 4);
    x = node(g, "MatMul", List.of(x, dense), TensorInfo.floats(TensorInfo.BATCH, 4));
    String bias = g.constant("model/dense/BiasAdd/ReadVariableOp:0", he(4, 96, 14), 4);
    g.output(node(g, "Add", List.of(x, bias), TensorInfo.floats(TensorInfo.BATCH, 4)));
    return withOpset(g.model("tf2onnx"), 13);
  }

  private static String conv(GraphBuilder g, String x, String name, int out, int in, int k,
      int stride, int pad, int group) {
    String w = g.constant(name + ".weight", he(out * in * k * k, in * k * k, name.hashCode()),
        out, in, k, k);
    String b = g.constant(name + ".bias", he(out, in * k * k, name.hashCode() + 1), out);
    TensorInfo ix = g.info(x);
    long size = (ix.dim(2) + 2 * pad - k) / stride + 1;
    return node(g, "Conv", List.of(x, w, b), ix.withDims(ix.dim(0), out, size, size),
        Attributes.ofInts("dilations", 1, 1), Attributes.of("group", (long) group),
        Attributes.ofInts("kernel_shape", k, k), Attributes.ofInts("pads", pad, pad, pad, pad),
        Attributes.ofInts("strides", stride, stride));
  }

  /** {@code F.relu6}: Clip with Constant bounds as inputs (opset 11 and later). */
  private static String relu6(GraphBuilder g, String x) {
    String min = constant(g, "/Constant_output_0", floatScalar(0f));
    String max = constant(g, "/Constant_1_output_0", floatScalar(6f));
    return node(g, "Clip", List.of(x, min, max), g.info(x));
  }

  /** Uniform values in +-sqrt(6 / fanIn) (He's uniform initialisation). */
  static float[] he(int n, int fanIn, long seed) {
    float[] v = GradientChecker.uniform(n, seed);
    float scale = (float) Math.sqrt(6.0 / fanIn);
    for (int i = 0; i < n; i++) {
      v[i] *= scale;
    }
    return v;
  }

  static String node(GraphBuilder g, String op, List<String> in, TensorInfo out,
      AttributeProto... attributes) {
    return g.node(op, "", in, List.of(op.toLowerCase()), List.of(out), List.of(attributes)).get(0);
  }

  static String constant(GraphBuilder g, String name, TensorProto value) {
    TensorInfo info = new TensorInfo(value.getDataType(),
        value.getDimsList().stream().mapToLong(Long::longValue).toArray());
    return g.node("Constant", "", List.of(), List.of(name), List.of(info),
        List.of(AttributeProto.newBuilder().setName("value")
            .setType(AttributeProto.AttributeType.TENSOR).setT(value).build())).get(0);
  }

  static TensorProto longTensor(long[] dims, long... values) {
    ByteBuffer bytes = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asLongBuffer().put(values);
    TensorProto.Builder t = TensorProto.newBuilder().setDataType(ElementType.INT64)
        .setRawData(ByteString.copyFrom(bytes.array()));
    for (long d : dims) {
      t.addDims(d);
    }
    return t.build();
  }

  static TensorProto floatScalar(float value) {
    ByteBuffer bytes = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(value);
    return TensorProto.newBuilder().setDataType(ElementType.FLOAT)
        .setRawData(ByteString.copyFrom(bytes.array())).build();
  }

  private static byte[] withOpset(ModelProto model, int opset) {
    return model.toBuilder().clearOpsetImport()
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
        .build().toByteArray();
  }
}
