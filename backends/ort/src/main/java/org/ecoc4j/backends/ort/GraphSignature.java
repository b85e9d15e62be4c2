package org.ecoc4j.backends.ort;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ecoc4j.backends.onnx.graph.TensorInfo;

/**
 * The declared inputs and outputs of a model, read in Java from its bytes, against which every
 * feed is checked before a native call: names, element types, ranks and fixed dimensions, and one
 * common size for all symbolic dimensions.
 */
final class GraphSignature {

  private final Map<String, TensorInfo> inputs;
  private final List<String> outputs;

  private GraphSignature(Map<String, TensorInfo> inputs, List<String> outputs) {
    this.inputs = inputs;
    this.outputs = outputs;
  }

  /**
   * Reads the signature of a serialised model.
   *
   * @throws IllegalArgumentException for bytes that are not an ONNX model or inputs that are not
   *     tensors
   */
  static GraphSignature of(byte[] model) {
    GraphProto graph = parse(model).getGraph();
    Set<String> constants = new HashSet<>();
    for (TensorProto t : graph.getInitializerList()) {
      constants.add(t.getName());
    }
    Map<String, TensorInfo> inputs = new LinkedHashMap<>();
    for (ValueInfoProto in : graph.getInputList()) {
      if (!constants.contains(in.getName())) {
        inputs.put(in.getName(), tensorInfo(in));
      }
    }
    List<String> outputs = new ArrayList<>();
    graph.getOutputList().forEach(o -> outputs.add(o.getName()));
    return new GraphSignature(inputs, outputs);
  }

  /**
   * Parses a serialised model.
   *
   * @throws IllegalArgumentException for bytes that are not an ONNX model or a model without a
   *     graph
   */
  static ModelProto parse(byte[] model) {
    ModelProto proto;
    try {
      proto = ModelProto.parseFrom(model);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("not an ONNX model: " + e.getMessage(), e);
    }
    if (!proto.hasGraph()) {
      throw new IllegalArgumentException("not an ONNX model: no graph");
    }
    return proto;
  }

  /**
   * The declared type and shape of a tensor, unknown sizes as {@link TensorInfo#BATCH}.
   *
   * @throws IllegalArgumentException for a value that is not a tensor
   */
  static TensorInfo tensorInfo(ValueInfoProto in) {
    if (!in.getType().hasTensorType()) {
      throw new IllegalArgumentException("input '" + in.getName() + "' is not a tensor");
    }
    var tensor = in.getType().getTensorType();
    List<TensorShapeProto.Dimension> dimList = tensor.getShape().getDimList();
    long[] dims = new long[dimList.size()];
    for (int i = 0; i < dims.length; i++) {
      TensorShapeProto.Dimension d = dimList.get(i);
      dims[i] = d.hasDimValue() ? d.getDimValue() : TensorInfo.BATCH;
    }
    return new TensorInfo(tensor.getElemType(), dims);
  }

  /** Declared input names, in graph order. */
  List<String> inputNames() {
    return List.copyOf(inputs.keySet());
  }

  /** Declared type and shape of an input. */
  TensorInfo input(String name) {
    TensorInfo info = inputs.get(name);
    if (info == null) {
      throw new IllegalArgumentException(
          "model has no input '" + name + "'; inputs: " + inputs.keySet());
    }
    return info;
  }

  /** Declared output names, in graph order. */
  List<String> outputs() {
    return List.copyOf(outputs);
  }

  /**
   * Checks feeds for {@code expected} inputs: each present exactly once, of the declared type,
   * rank and fixed dimensions, symbolic dimensions of one common size.
   *
   * @throws IllegalArgumentException naming the first problem
   */
  void checkFeeds(List<String> expected, Map<String, NativeTensor> feeds) {
    for (String name : feeds.keySet()) {
      if (!expected.contains(name)) {
        throw new IllegalArgumentException(
            "unexpected input '" + name + "'; expected " + expected);
      }
    }
    long symbolic = -1;
    for (String name : expected) {
      NativeTensor feed = feeds.get(name);
      if (feed == null) {
        throw new IllegalArgumentException("missing input '" + name + "'; expected " + expected);
      }
      TensorInfo want = input(name);
      TensorInfo got = feed.info();
      if (want.elementType() != got.elementType()) {
        throw new IllegalArgumentException(
            "input '" + name + "' must be " + want + ", got " + got + " (element type differs)");
      }
      if (want.rank() != got.rank()) {
        throw new IllegalArgumentException(
            "input '" + name + "' must be " + want + ", got " + got + " (rank differs)");
      }
      for (int i = 0; i < want.rank(); i++) {
        long w = want.dim(i);
        long g = got.dim(i);
        if (w >= 0 && w != g) {
          throw new IllegalArgumentException(
              "input '" + name + "' must be " + want + ", got " + got + " (dimension " + i + ")");
        }
        if (w < 0) {
          if (symbolic >= 0 && symbolic != g) {
            throw new IllegalArgumentException(
                "input '" + name + "' has batch " + g + ", other inputs " + symbolic + ": "
                    + Arrays.toString(got.dims()));
          }
          symbolic = g;
        }
      }
    }
  }

  /**
   * Checks that every requested output exists.
   *
   * @throws IllegalArgumentException naming an unknown output
   */
  void checkOutputs(List<String> requested) {
    if (requested.isEmpty()) {
      throw new IllegalArgumentException("no outputs requested; outputs: " + outputs);
    }
    for (String name : requested) {
      if (!outputs.contains(name)) {
        throw new IllegalArgumentException(
            "model has no output '" + name + "'; outputs: " + outputs);
      }
    }
  }
}
