package org.ecoc4j.backends.onnx.export;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.ecoc4j.backends.onnx.graph.Attributes;
import org.ecoc4j.backends.onnx.graph.ElementType;

/**
 * The nodes and constants appended after the members' outputs, in operators whose signature is
 * the same from opset 13 on (no Reduce*, Squeeze, Unsqueeze or Split, whose axes moved from
 * attributes to inputs): row maxima and minima are {@code ArgMax}/{@code ArgMin} and {@code
 * GatherElements}, row sums a {@code MatMul} by a column of ones. Tensor names start with {@value
 * #PREFIX} and avoid every name the members' graph uses. Not thread-safe.
 */
final class DecodingNodes {

  /** The prefix of every tensor and node name made here. */
  static final String PREFIX = "decode/";

  private final Set<String> taken;
  private final List<NodeProto> nodes = new ArrayList<>();
  private final List<TensorProto> constants = new ArrayList<>();
  private int counter;

  /** @param taken the names the members' graph uses; names made here are added */
  DecodingNodes(Set<String> taken) {
    this.taken = taken;
  }

  /** The nodes made, in order. */
  List<NodeProto> nodes() {
    return List.copyOf(nodes);
  }

  /** The constants made. */
  List<TensorProto> constants() {
    return List.copyOf(constants);
  }

  /** A fresh tensor name from {@code hint}. */
  String fresh(String hint) {
    String name;
    do {
      name = PREFIX + hint + "_" + counter++;
    } while (!taken.add(name));
    return name;
  }

  /** Appends a node with one output. */
  String op(String type, List<String> inputs, AttributeProto... attributes) {
    String out = fresh(Character.toLowerCase(type.charAt(0)) + type.substring(1));
    nodes.add(NodeProto.newBuilder().setOpType(type).setName(fresh("node_" + type))
        .addAllInput(inputs).addOutput(out).addAllAttribute(List.of(attributes)).build());
    return out;
  }

  /** Appends a node writing the tensor named exactly {@code out}. */
  void opInto(String out, String type, List<String> inputs, AttributeProto... attributes) {
    nodes.add(NodeProto.newBuilder().setOpType(type).setName(fresh("node_" + type))
        .addAllInput(inputs).addOutput(out).addAllAttribute(List.of(attributes)).build());
  }

  /** A double constant of the given dimensions. */
  String doubles(String hint, double[] values, long... dims) {
    ByteBuffer bytes = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asDoubleBuffer().put(values);
    return constant(hint, ElementType.DOUBLE, bytes, dims);
  }

  /** A double scalar (rank 0). */
  String scalar(String hint, double value) {
    return doubles(hint, new double[] {value});
  }

  /** A float constant of the given dimensions. */
  String floats(String hint, float[] values, long... dims) {
    ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(values);
    return constant(hint, ElementType.FLOAT, bytes, dims);
  }

  /** An int64 constant of the given dimensions. */
  String longs(String hint, long[] values, long... dims) {
    ByteBuffer bytes = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asLongBuffer().put(values);
    return constant(hint, ElementType.INT64, bytes, dims);
  }

  private String constant(String hint, int type, ByteBuffer bytes, long[] dims) {
    String name = fresh(hint);
    TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(type)
        .setRawData(ByteString.copyFrom(bytes.array()));
    for (long d : dims) {
      t.addDims(d);
    }
    constants.add(t.build());
    return name;
  }

  // ---- shorthands ----

  String add(String a, String b) {
    return op("Add", List.of(a, b));
  }

  String sub(String a, String b) {
    return op("Sub", List.of(a, b));
  }

  String mul(String a, String b) {
    return op("Mul", List.of(a, b));
  }

  String div(String a, String b) {
    return op("Div", List.of(a, b));
  }

  String matMul(String a, String b) {
    return op("MatMul", List.of(a, b));
  }

  String cast(String x, int type) {
    return op("Cast", List.of(x), Attributes.of("to", (long) type));
  }

  String toDouble(String x) {
    return cast(x, ElementType.DOUBLE);
  }

  String toFloat(String x) {
    return cast(x, ElementType.FLOAT);
  }

  String where(String condition, String a, String b) {
    return op("Where", List.of(condition, a, b));
  }

  String not(String x) {
    return op("Not", List.of(x));
  }

  String or(String a, String b) {
    return op("Or", List.of(a, b));
  }

  String and(String a, String b) {
    return op("And", List.of(a, b));
  }

  String equal(String a, String b) {
    return op("Equal", List.of(a, b));
  }

  String greater(String a, String b) {
    return op("Greater", List.of(a, b));
  }

  String less(String a, String b) {
    return op("Less", List.of(a, b));
  }

  String reshape(String x, long... shape) {
    return op("Reshape", List.of(x, longs("shape", shape, shape.length)));
  }

  /** Index of the first largest entry of each row of [B, N], as [B, 1] int64. */
  String argMax(String x) {
    return op("ArgMax", List.of(x), Attributes.of("axis", 1L), Attributes.of("keepdims", 1L));
  }

  /** Index of the first smallest entry of each row of [B, N], as [B, 1] int64. */
  String argMin(String x) {
    return op("ArgMin", List.of(x), Attributes.of("axis", 1L), Attributes.of("keepdims", 1L));
  }

  /** The entries of each row of [B, N] at the [B, 1] indices, as [B, 1]. */
  String pick(String x, String indices) {
    return op("GatherElements", List.of(x, indices), Attributes.of("axis", 1L));
  }

  /** The largest entry of each row of [B, N], as [B, 1]. */
  String rowMax(String x) {
    return pick(x, argMax(x));
  }

  /** The smallest entry of each row of [B, N], as [B, 1]. */
  String rowMin(String x) {
    return pick(x, argMin(x));
  }

  /** The smallest entry along the last axis of [B, N, K], as [B, N]. */
  String lastAxisMin(String x, int rows) {
    String at = op("ArgMin", List.of(x), Attributes.of("axis", 2L), Attributes.of("keepdims", 1L));
    return reshape(op("GatherElements", List.of(x, at), Attributes.of("axis", 2L)), -1, rows);
  }

  /** The sum of each row of a double [B, N], as [B, 1]: a product by a column of ones. */
  String rowSum(String x, int columns) {
    double[] ones = new double[columns];
    Arrays.fill(ones, 1.0);
    return matMul(x, doubles("ones", ones, columns, 1));
  }

  /** The sum of each row of a float [B, N], as [B, 1]. */
  String rowSumFloat(String x, int columns) {
    float[] ones = new float[columns];
    Arrays.fill(ones, 1f);
    return matMul(x, floats("ones", ones, columns, 1));
  }

  /** Column {@code j} of [B, N] as [B, 1]. */
  String column(String x, int j) {
    return op("Gather", List.of(x, longs("index", new long[] {j}, 1)), Attributes.of("axis", 1L));
  }

  /** The class indices 0 .. N-1 as int64 [N]. */
  String classIndices(int classes) {
    long[] range = new long[classes];
    for (int c = 0; c < classes; c++) {
      range[c] = c;
    }
    return longs("classes", range, classes);
  }
}
