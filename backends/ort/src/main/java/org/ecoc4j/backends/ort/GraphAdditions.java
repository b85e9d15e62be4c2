package org.ecoc4j.backends.ort;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one pass of a graph rewrite adds to a graph: nodes and tensors under names that no tensor,
 * node, input, output or initializer of the graph has, nor any earlier addition ({@code hint}, or
 * {@code hint} with a number appended), and the initializers they read. {@link NchwcConvRewrite}
 * and {@link NchwcActivationRewrite} each write through one.
 */
final class GraphAdditions {

  private final Set<String> names = new HashSet<>();
  private final List<TensorProto> initializers = new ArrayList<>();
  private final Map<Long, String> ones = new HashMap<>();

  /** Additions to {@code graph}, whose names are all taken. */
  GraphAdditions(GraphProto graph) {
    for (List<ValueInfoProto> infos :
        List.of(graph.getInputList(), graph.getValueInfoList(), graph.getOutputList())) {
      infos.forEach(v -> names.add(v.getName()));
    }
    graph.getInitializerList().forEach(t -> names.add(t.getName()));
    for (NodeProto node : graph.getNodeList()) {
      names.addAll(node.getInputList());
      names.addAll(node.getOutputList());
      names.add(node.getName());
    }
  }

  /** {@code hint}, or {@code hint} with a number appended, that no name of the graph has. */
  String fresh(String hint) {
    String name = hint;
    for (int i = 1; names.contains(name); i++) {
      name = hint + "_" + i;
    }
    names.add(name);
    return name;
  }

  /** A node {@code op} of {@code domain} writing {@code out}, under a fresh node name. */
  NodeProto node(
      String op, String domain, List<String> in, String out, List<AttributeProto> attributes) {
    return NodeProto.newBuilder()
        .setOpType(op)
        .setDomain(domain)
        .setName(fresh(out + ".node"))
        .addAllInput(in)
        .addOutput(out)
        .addAllAttribute(attributes)
        .build();
  }

  /** Adds {@code t} (named by {@link #fresh}) to the initializers of the rewritten graph. */
  void initializer(TensorProto t) {
    initializers.add(t);
  }

  /** A fresh int64 initializer [n] of {@code values} (a shape, axes or pads input). */
  String int64s(String hint, long... values) {
    String name = fresh(hint);
    TensorProto.Builder t = TensorProto.newBuilder()
        .setName(name)
        .setDataType(TensorProto.DataType.INT64_VALUE)
        .addDims(values.length);
    for (long v : values) {
      t.addInt64Data(v);
    }
    initializers.add(t.build());
    return name;
  }

  /**
   * A float initializer [C, 1, 1, 1] of ones, once per {@code c}: the weights of a depthwise 1x1
   * convolution of c channels that copies its input (or only adds its bias).
   */
  String ones(long c) {
    return ones.computeIfAbsent(c, k -> {
      String name = fresh("nchwc_ones_" + c);
      TensorProto.Builder t = TensorProto.newBuilder()
          .setName(name)
          .setDataType(TensorProto.DataType.FLOAT_VALUE)
          .addDims(c).addDims(1).addDims(1).addDims(1);
      for (long i = 0; i < c; i++) {
        t.addFloatData(1f);
      }
      initializers.add(t.build());
      return name;
    });
  }

  /** The initializers added so far, in the order they were added. */
  List<TensorProto> initializers() {
    return Collections.unmodifiableList(initializers);
  }
}
