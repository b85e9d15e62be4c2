package org.ecoc4j.backends.onnx.zoo;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.backends.onnx.graph.Attributes;
import org.ecoc4j.backends.onnx.graph.ElementType;
import org.ecoc4j.backends.onnx.graph.TensorValues;

/**
 * Reads a user's forward ONNX model (as PyTorch or Keras export it) into a {@link ZooModel}: float
 * initializers become parameters (trainable, or frozen on request; batch-normalization means and
 * variances are statistics), integer initializers and {@code Constant} nodes stay constants, and
 * shape computations are folded at import time ({@link ShapeFolder}).
 *
 * <p>The model must have one float image input and one output [batch, K]. The input is [batch, C,
 * H, W], or [batch, H, W, C] when every node that reads it is a Transpose to [batch, C, H, W] (as
 * tf2onnx writes Keras models); either way the imported model takes ecoc4j's [batch, C, H, W]
 * images. Only the operators of {@link #SUPPORTED} are accepted, with the attribute values
 * {@link ImportedModel} documents; anything else is an {@link IllegalArgumentException} that lists
 * every unsupported operator with its nodes. Initializers stored as external data are read from
 * the model file's own folder ({@link #load(Path, boolean)}, {@link ExternalData}); the input's
 * batch dimension may be symbolic or fixed (then Reshape targets holding it are re-batched where
 * the batch can be traced, see {@link ImportedModel#notices()}).
 */
public final class OnnxImport {

  /** The operators an imported model may use: {@link OperatorTable#importable()}. */
  public static final Set<String> SUPPORTED = OperatorTable.importable();

  private OnnxImport() {}

  /**
   * Imports a serialised ONNX model.
   *
   * @param freezeWeights whether the imported weights stay fixed during training
   * @throws IllegalArgumentException for bytes that are not an ONNX model, unsupported operators
   *     or attributes, or inputs and outputs of another form
   */
  public static ImportedModel load(byte[] bytes, boolean freezeWeights) {
    return load(bytes, new ExternalData(null), freezeWeights);
  }

  /**
   * Imports an ONNX model file; initializers stored as external data (a {@code .onnx.data} file
   * beside the graph, as PyTorch's torch.export-based exporter writes them) are read from the
   * file's own folder only ({@link ExternalData}).
   *
   * @param freezeWeights whether the imported weights stay fixed during training
   * @throws IllegalArgumentException for a file that is not an ONNX model, unsupported operators
   *     or attributes, inputs and outputs of another form, or external data outside the file's
   *     folder, missing or short
   * @throws UncheckedIOException when a file cannot be read
   */
  public static ImportedModel load(Path file, boolean freezeWeights) {
    byte[] bytes = readModelFile(file);
    Path folder = file.toAbsolutePath().getParent();
    return load(bytes, new ExternalData(folder), freezeWeights);
  }

  /**
   * The bytes of an ONNX model file with every initializer it keeps as external data read into
   * the graph, so that one file holds the whole model (for a model directory that keeps a copy of
   * the graph it was trained from); the file's own bytes, unchanged, when it keeps none. External
   * data is read as {@link #load(Path, boolean)} reads it: from the file's own folder only, with
   * the same checks.
   *
   * @throws IllegalArgumentException for a file that is not an ONNX model, or external data
   *     outside the file's folder, missing or short
   * @throws UncheckedIOException when a file cannot be read
   */
  public static byte[] selfContained(Path file) {
    byte[] bytes = readModelFile(file);
    ModelProto model = parse(bytes);
    GraphProto graph = model.getGraph();
    if (graph.getInitializerList().stream().noneMatch(ExternalData::isExternal)) {
      return bytes;
    }
    ExternalData external = new ExternalData(file.toAbsolutePath().getParent());
    GraphProto.Builder inlined = graph.toBuilder().clearInitializer();
    graph.getInitializerList().forEach(t -> inlined.addInitializer(external.resolve(t)));
    return model.toBuilder().setGraph(inlined).build().toByteArray();
  }

  private static byte[] readModelFile(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new UncheckedIOException("model file " + file + " does not exist", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read model file " + file + ": " + e.getMessage(), e);
    }
  }

  private static ModelProto parse(byte[] bytes) {
    ModelProto model;
    try {
      model = ModelProto.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("not an ONNX model: " + e.getMessage(), e);
    }
    if (!model.hasGraph()) {
      throw new IllegalArgumentException("not an ONNX model: no graph");
    }
    return model;
  }

  private static ImportedModel load(byte[] bytes, ExternalData external, boolean freezeWeights) {
    GraphProto graph = parse(bytes).getGraph();
    checkOperators(graph);
    Map<String, TensorProto> initializers = new LinkedHashMap<>();
    graph.getInitializerList().forEach(t -> initializers.put(t.getName(), external.resolve(t)));
    for (NodeProto node : graph.getNodeList()) {
      if (node.getOpType().equals("Constant")) {
        initializers.put(node.getOutput(0), constantValue(node));
      }
    }
    List<ValueInfoProto> inputs = new ArrayList<>();
    for (ValueInfoProto in : graph.getInputList()) {
      if (!initializers.containsKey(in.getName())) {
        inputs.add(in);
      }
    }
    if (inputs.size() != 1 || graph.getOutputCount() != 1) {
      throw new IllegalArgumentException(
          "an imported model needs one image input and one output, found inputs "
              + inputs.stream().map(ValueInfoProto::getName).toList() + " and "
              + graph.getOutputCount() + " outputs");
    }
    boolean channelsLast = channelsLast(graph, inputs.get(0).getName());
    ImageShape shape = imageShape(inputs.get(0), channelsLast);
    List<TensorShapeProto.Dimension> inputDims =
        inputs.get(0).getType().getTensorType().getShape().getDimList();
    long exportedBatch = inputDims.get(0).hasDimValue() ? inputDims.get(0).getDimValue() : -1;
    Set<String> statistics = statistics(graph);
    List<ParameterSpec> parameters = new ArrayList<>();
    Map<String, float[]> values = new LinkedHashMap<>();
    Map<String, FoldedInts> intConstants = new HashMap<>();
    Map<String, float[]> floatConstants = new HashMap<>();
    Set<String> used = usedTensors(graph);
    for (TensorProto t : initializers.values()) {
      if (!used.contains(t.getName())) {
        continue;
      }
      long[] dims = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
      if (t.getDataType() == ElementType.INT64 || t.getDataType() == ElementType.INT32) {
        intConstants.put(t.getName(), FoldedInts.known(dims, TensorValues.integers(t)));
      } else if (t.getDataType() == ElementType.FLOAT) {
        float[] v = floats(t);
        long count = Arrays.stream(dims).reduce(1, Math::multiplyExact);
        if (v.length != count) {
          throw new IllegalArgumentException(
              "initializer '" + t.getName() + "' of " + Arrays.toString(dims) + " needs " + count
                  + " values, the file holds " + v.length);
        }
        if (dims.length == 0 || v.length == 1 && !isWeightInput(graph, t.getName())) {
          floatConstants.put(t.getName(), v);
          continue;
        }
        String name = ImportedModel.PREFIX + t.getName();
        boolean statistic = statistics.contains(t.getName());
        parameters.add(
            new ParameterSpec(
                name, dims, ParameterSpec.Fill.ZEROS, 0, !statistic && !freezeWeights));
        values.put(name, v);
      } else {
        throw new IllegalArgumentException(
            "initializer '" + t.getName() + "' is " + ElementType.name(t.getDataType())
                + "; only float, int64 and int32 are supported");
      }
    }
    return new ImportedModel(
        graph,
        new ImportedModel.Input(inputs.get(0).getName(), shape, channelsLast, exportedBatch),
        parameters,
        values,
        intConstants,
        floatConstants);
  }

  private static void checkOperators(GraphProto graph) {
    Map<String, List<String>> unsupported = new TreeMap<>();
    for (NodeProto node : graph.getNodeList()) {
      boolean standard = node.getDomain().isEmpty() || node.getDomain().equals("ai.onnx");
      if (!standard || !SUPPORTED.contains(node.getOpType())) {
        String op = standard ? node.getOpType() : node.getDomain() + "." + node.getOpType();
        unsupported.computeIfAbsent(op, k -> new ArrayList<>()).add(node.getName());
      }
    }
    if (!unsupported.isEmpty()) {
      throw new IllegalArgumentException(
          "unsupported operators (with their nodes): " + unsupported + "; supported: " + SUPPORTED);
    }
  }

  private static Set<String> statistics(GraphProto graph) {
    Set<String> out = new HashSet<>();
    for (NodeProto node : graph.getNodeList()) {
      if (node.getOpType().equals("BatchNormalization") && node.getInputCount() == 5) {
        out.add(node.getInput(3));
        out.add(node.getInput(4));
      }
    }
    return out;
  }

  private static boolean isWeightInput(GraphProto graph, String name) {
    for (NodeProto node : graph.getNodeList()) {
      String op = node.getOpType();
      if (op.equals("Conv") || op.equals("Gemm") || op.equals("MatMul")
          || op.equals("BatchNormalization")) {
        for (int i = 1; i < node.getInputCount(); i++) {
          if (node.getInput(i).equals(name)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static Set<String> usedTensors(GraphProto graph) {
    Set<String> used = new HashSet<>();
    graph.getNodeList().forEach(n -> used.addAll(n.getInputList()));
    return used;
  }

  /** Whether every node reading {@code input} transposes [batch, H, W, C] to [batch, C, H, W]. */
  private static boolean channelsLast(GraphProto graph, String input) {
    boolean read = false;
    for (NodeProto node : graph.getNodeList()) {
      if (node.getInputList().contains(input)) {
        read = true;
        if (!node.getOpType().equals("Transpose")
            || !Arrays.equals(Attributes.intsOf(node, "perm"), new long[] {0, 3, 1, 2})) {
          return false;
        }
      }
    }
    return read;
  }

  private static ImageShape imageShape(ValueInfoProto input, boolean channelsLast) {
    if (!input.getType().hasTensorType()
        || input.getType().getTensorType().getElemType() != ElementType.FLOAT) {
      throw new IllegalArgumentException("input '" + input.getName() + "' must be a float tensor");
    }
    List<TensorShapeProto.Dimension> dims = input.getType().getTensorType().getShape().getDimList();
    if (dims.size() != 4
        || !dims.get(1).hasDimValue()
        || !dims.get(2).hasDimValue()
        || !dims.get(3).hasDimValue()) {
      throw new IllegalArgumentException(
          "input '" + input.getName() + "' must be [batch, C, H, W] with known C, H, W");
    }
    if (channelsLast) {
      return new ImageShape(
          (int) dims.get(3).getDimValue(),
          (int) dims.get(1).getDimValue(),
          (int) dims.get(2).getDimValue());
    }
    return new ImageShape(
        (int) dims.get(1).getDimValue(),
        (int) dims.get(2).getDimValue(),
        (int) dims.get(3).getDimValue());
  }

  private static TensorProto constantValue(NodeProto node) {
    TensorProto.Builder t = TensorProto.newBuilder().setName(node.getOutput(0));
    for (AttributeProto a : node.getAttributeList()) {
      switch (a.getName()) {
        case "value":
          return a.getT().toBuilder().setName(node.getOutput(0)).build();
        case "value_int":
          return t.setDataType(ElementType.INT64).addInt64Data(a.getI()).build();
        case "value_ints":
          return t.setDataType(ElementType.INT64).addDims(a.getIntsCount())
              .addAllInt64Data(a.getIntsList()).build();
        case "value_float":
          return t.setDataType(ElementType.FLOAT).addFloatData(a.getF()).build();
        case "value_floats":
          return t.setDataType(ElementType.FLOAT).addDims(a.getFloatsCount())
              .addAllFloatData(a.getFloatsList()).build();
        default:
          break;
      }
    }
    throw ImportError.of(node, "needs a value, value_int(s) or value_float(s) attribute");
  }

  /** The values of a float tensor. */
  static float[] floats(TensorProto t) {
    if (!t.getRawData().isEmpty()) {
      ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
      float[] v = new float[b.remaining() / 4];
      b.asFloatBuffer().get(v);
      return v;
    }
    float[] v = new float[t.getFloatDataCount()];
    for (int i = 0; i < v.length; i++) {
      v[i] = t.getFloatData(i);
    }
    return v;
  }

  /** The {@link ModelSpec} of an imported model: architecture {@code imported}, one member. */
  static ModelSpec spec(ImageShape shape, int outputs) {
    return new ModelSpec("imported", shape, outputs, 1);
  }
}
