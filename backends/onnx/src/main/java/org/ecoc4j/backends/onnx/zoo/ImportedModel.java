package org.ecoc4j.backends.onnx.zoo;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.backends.onnx.graph.Attributes;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;
import org.ecoc4j.backends.onnx.graph.TensorInfo;

/**
 * A model read by {@link OnnxImport}, replayed node by node into ecoc4j graphs so that it can be
 * trained, differentiated and exported like a zoo model. Its parameters are named after the file's
 * initializers with the prefix {@value #PREFIX} and start from the file's values.
 *
 * <p>Accepted attribute values: Conv with square kernels, equal strides, equal padding on every
 * side, no dilation and one group; MaxPool with square windows, equal strides and no padding
 * (its Indices output, if any, must not be used);
 * Gemm with alpha = beta = 1 and no transposed A; Flatten at axis 1; Reshape, Concat and
 * Transpose with constant arguments; Softmax and LogSoftmax over the last axis; Dropout as
 * identity. BatchNormalization normalizes with batch statistics in training (running statistics
 * with momentum 0.9) and with the stored ones otherwise.
 */
public final class ImportedModel implements ZooModel {

  /** Prefix of the parameter names. */
  public static final String PREFIX = "m0.";

  private static final float MOMENTUM = 0.9f;

  private final GraphProto graph;
  private final String input;
  private final List<ParameterSpec> parameters;
  private final Map<String, float[]> values;
  private final Map<String, long[]> longConstants;
  private final Map<String, float[]> floatConstants;
  private final ModelSpec spec;

  ImportedModel(
      GraphProto graph,
      String input,
      ImageShape shape,
      List<ParameterSpec> parameters,
      Map<String, float[]> values,
      Map<String, long[]> longConstants,
      Map<String, float[]> floatConstants) {
    this.graph = graph;
    this.input = input;
    this.parameters = List.copyOf(parameters);
    this.values = Map.copyOf(values);
    this.longConstants = Map.copyOf(longConstants);
    this.floatConstants = Map.copyOf(floatConstants);
    GraphBuilder scratch = new GraphBuilder();
    String images =
        scratch.input(
            "images",
            TensorInfo.floats(TensorInfo.BATCH, shape.channels(), shape.height(), shape.width()));
    for (ParameterSpec p : parameters) {
      scratch.input(p.name(), TensorInfo.floats(p.dims()));
    }
    TensorInfo out = scratch.info(replay(scratch, images, false, new HashMap<>()));
    if (out.rank() != 2 || out.dim(1) < 1) {
      throw new IllegalArgumentException("the imported model's output must be [batch, K], got " + out);
    }
    this.spec = OnnxImport.spec(shape, (int) out.dim(1));
  }

  private ImportedModel(ImportedModel model, ModelSpec spec) {
    this.graph = model.graph;
    this.input = model.input;
    this.parameters = model.parameters;
    this.values = model.values;
    this.longConstants = model.longConstants;
    this.floatConstants = model.floatConstants;
    this.spec = spec;
  }

  /**
   * This model as {@code wanted} describes it: the same graph and parameters under {@code
   * wanted}'s architecture name, its K outputs per sample read as {@code wanted.members()} members
   * of {@code wanted.outputs()} values each, member-major (one network computes every member's
   * outputs).
   *
   * @throws IllegalArgumentException when the model takes another image shape than {@code
   *     wanted.input()}, or K differs from {@code wanted.outputWidth()}, naming both
   */
  public ImportedModel as(ModelSpec wanted) {
    if (!wanted.input().equals(spec.input())) {
      throw new IllegalArgumentException(
          "the ONNX model takes images of " + spec.input() + " (channels x height x width), the"
              + " data are " + wanted.input());
    }
    if (wanted.outputWidth() != spec.outputWidth()) {
      throw new IllegalArgumentException(
          "the ONNX model outputs " + spec.outputWidth() + " values per sample, " + wanted.members()
              + " member(s) x " + wanted.outputs() + " outputs = " + wanted.outputWidth()
              + " are needed");
    }
    return new ImportedModel(this, wanted);
  }

  @Override
  public ModelSpec spec() {
    return spec;
  }

  @Override
  public List<ParameterSpec> parameters() {
    return parameters;
  }

  /** The file's values, whatever the seed. */
  @Override
  public Map<String, float[]> initialValues(long seed) {
    Map<String, float[]> copy = new LinkedHashMap<>();
    for (ParameterSpec p : parameters) {
      copy.put(p.name(), values.get(p.name()).clone());
    }
    return copy;
  }

  @Override
  public Forward forward(GraphBuilder g, String images, boolean training) {
    Map<String, String> updates = new LinkedHashMap<>();
    return new Forward(replay(g, images, training, updates), updates, List.of());
  }

  private String replay(GraphBuilder g, String images, boolean training, Map<String, String> updates) {
    Map<String, String> env = new HashMap<>();
    env.put(input, images);
    for (ParameterSpec p : parameters) {
      env.put(p.name().substring(PREFIX.length()), p.name());
    }
    for (NodeProto node : graph.getNodeList()) {
      if (node.getOpType().equals("Constant")) {
        continue;
      }
      List<String> in = new ArrayList<>();
      for (String name : node.getInputList()) {
        // int64 constants (shapes) are read from the node by the operators that take them
        in.add(name.isEmpty() || longConstants.containsKey(name) ? "" : resolve(g, env, name));
      }
      env.put(node.getOutput(0), apply(g, node, in, training, updates));
    }
    return resolve(g, env, graph.getOutput(0).getName());
  }

  private String resolve(GraphBuilder g, Map<String, String> env, String name) {
    String known = env.get(name);
    if (known != null) {
      return known;
    }
    float[] floats = floatConstants.get(name);
    if (floats != null) {
      String made = floats.length == 1 ? g.scalar("const", floats[0]) : g.constant("const", floats, floats.length);
      env.put(name, made);
      return made;
    }
    throw new IllegalArgumentException("imported model uses '" + name + "' before defining it");
  }

  private long[] constantLongs(NodeProto node, int input) {
    long[] v = longConstants.get(node.getInput(input));
    if (v == null) {
      throw unsupported(node, "input " + input + " must be a constant int64 tensor");
    }
    return v;
  }

  private String apply(
      GraphBuilder g, NodeProto node, List<String> in, boolean training, Map<String, String> updates) {
    switch (node.getOpType()) {
      case "Conv":
        return conv(g, node, in);
      case "Relu":
        return g.relu(in.get(0));
      case "Tanh":
        return g.tanh(in.get(0));
      case "Sigmoid":
        return g.sigmoid(in.get(0));
      case "Elu":
        return g.elu(in.get(0), Attributes.floatOf(node, "alpha", 1f));
      case "MaxPool":
        return maxPool(g, node, in);
      case "GlobalAveragePool":
        return g.globalAveragePool(in.get(0));
      case "Gemm":
        if (Attributes.intOf(node, "transA", 0) != 0
            || Attributes.floatOf(node, "alpha", 1f) != 1f
            || Attributes.floatOf(node, "beta", 1f) != 1f) {
          throw unsupported(node, "only transA = 0, alpha = 1, beta = 1");
        }
        return g.gemm(in.get(0), in.get(1), in.size() > 2 && !in.get(2).isEmpty() ? in.get(2) : null,
            Attributes.intOf(node, "transB", 0) != 0);
      case "MatMul":
        return g.matMul(in.get(0), in.get(1));
      case "Add":
        return g.add(in.get(0), in.get(1));
      case "Sub":
        return g.sub(in.get(0), in.get(1));
      case "Mul":
        return g.mul(in.get(0), in.get(1));
      case "Div":
        return g.div(in.get(0), in.get(1));
      case "Flatten":
        if (Attributes.intOf(node, "axis", 1) != 1) {
          throw unsupported(node, "only axis 1");
        }
        return g.flatten(in.get(0));
      case "Reshape":
        return g.reshape(in.get(0), constantLongs(node, 1));
      case "Concat":
        return g.concat((int) Attributes.intOf(node, "axis", 0), in);
      case "Transpose":
        long[] perm = Attributes.intsOf(node, "perm");
        if (perm == null) {
          throw unsupported(node, "needs a perm attribute");
        }
        return g.transpose(in.get(0), perm);
      case "BatchNormalization":
        return batchNorm(g, node, in, training, updates);
      case "Identity":
      case "Dropout":
        return in.get(0);
      case "Softmax":
      case "LogSoftmax":
        int rank = g.info(in.get(0)).rank();
        long axis = Attributes.intOf(node, "axis", -1);
        if (axis != -1 && axis != rank - 1) {
          throw unsupported(node, "only the last axis");
        }
        return node.getOpType().equals("Softmax") ? g.softmax(in.get(0)) : g.logSoftmax(in.get(0));
      default:
        throw unsupported(node, "operator not supported");
    }
  }

  private String conv(GraphBuilder g, NodeProto node, List<String> in) {
    long[] w = g.info(in.get(1)).dims();
    long[] kernel = Attributes.intsOf(node, "kernel_shape");
    long[] strides = orDefault(Attributes.intsOf(node, "strides"), 1, 1);
    long[] pads = orDefault(Attributes.intsOf(node, "pads"), 0, 0, 0, 0);
    long[] dilations = orDefault(Attributes.intsOf(node, "dilations"), 1, 1);
    if (w.length != 4
        || w[2] != w[3]
        || (kernel != null && !Arrays.equals(kernel, new long[] {w[2], w[3]}))
        || strides[0] != strides[1]
        || Arrays.stream(pads).anyMatch(p -> p != pads[0])
        || Arrays.stream(dilations).anyMatch(d -> d != 1)
        || Attributes.intOf(node, "group", 1) != 1
        || !Attributes.stringOf(node, "auto_pad", "NOTSET").equals("NOTSET")) {
      throw unsupported(node, "only square kernels, equal strides and padding, no dilation, one group");
    }
    String bias = in.size() > 2 && !in.get(2).isEmpty() ? in.get(2) : null;
    return g.conv(in.get(0), in.get(1), bias, (int) strides[0], (int) pads[0]);
  }

  private String maxPool(GraphBuilder g, NodeProto node, List<String> in) {
    long[] kernel = Attributes.intsOf(node, "kernel_shape");
    long[] strides = orDefault(Attributes.intsOf(node, "strides"), 1, 1);
    long[] pads = orDefault(Attributes.intsOf(node, "pads"), 0, 0, 0, 0);
    if (kernel == null
        || kernel.length != 2
        || kernel[0] != kernel[1]
        || strides[0] != strides[1]
        || Arrays.stream(pads).anyMatch(p -> p != 0)
        || Attributes.intOf(node, "ceil_mode", 0) != 0) {
      throw unsupported(node, "only square windows, equal strides, no padding");
    }
    return g.maxPool(in.get(0), (int) kernel[0], (int) strides[0]).output();
  }

  private String batchNorm(
      GraphBuilder g, NodeProto node, List<String> in, boolean training, Map<String, String> updates) {
    float epsilon = Attributes.floatOf(node, "epsilon", 1e-5f);
    if (!training) {
      return g.batchNormInference(in.get(0), in.get(1), in.get(2), in.get(3), in.get(4), epsilon);
    }
    GraphBuilder.BatchNormed out =
        g.batchNormTraining(in.get(0), in.get(1), in.get(2), in.get(3), in.get(4), epsilon, MOMENTUM);
    updates.put(in.get(3), out.runningMean());
    updates.put(in.get(4), out.runningVar());
    return out.output();
  }

  private static long[] orDefault(long[] values, long... fallback) {
    return values == null ? fallback : values;
  }

  private static IllegalArgumentException unsupported(NodeProto node, String reason) {
    return new IllegalArgumentException(
        node.getOpType() + " node '" + node.getName() + "' cannot be imported: " + reason);
  }
}
