package org.ecoc4j.backends.onnx.zoo;

import ai.onnx.proto.OnnxMl.AttributeProto;
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
import org.ecoc4j.backends.onnx.graph.ElementType;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;
import org.ecoc4j.backends.onnx.graph.TensorInfo;
import org.ecoc4j.backends.onnx.graph.Window;

/**
 * A model read by {@link OnnxImport}, replayed node by node into ecoc4j graphs so that it can be
 * trained, differentiated and exported like a zoo model. Its parameters are named after the file's
 * initializers with the prefix {@value #PREFIX} and start from the file's values. Shape
 * computations are evaluated at import time by a {@link ShapeFolder}, so every Reshape gets a
 * constant shape.
 *
 * <p>Accepted attribute values: Conv, MaxPool and AveragePool over 2-D windows with any kernel,
 * strides and pads (explicit or {@code auto_pad}), {@code ceil_mode} 0; Conv with any dilation and
 * group (asymmetric pads become a zero Pad in front); MaxPool without dilation, {@code
 * storage_order} 0 (its Indices output, if any, must not be used); AveragePool with either {@code
 * count_include_pad}; Clip with constant bounds (attributes or inputs); LeakyRelu; Pad in constant
 * mode with constant, non-negative pads and a constant value; Gemm with alpha = beta = 1 and no
 * transposed A; Flatten at axis 1; Concat and Transpose with constant arguments; Softmax and
 * LogSoftmax over the last axis; Dropout as identity; Cast to float of a float tensor as identity.
 * BatchNormalization normalizes with batch statistics in training (running statistics with
 * momentum 0.9) and with the stored ones otherwise.
 */
public final class ImportedModel implements ZooModel {

  /** Prefix of the parameter names. */
  public static final String PREFIX = "m0.";

  /**
   * The image input of the file.
   *
   * @param name its name in the file
   * @param shape channels, height, width
   * @param channelsLast whether the file takes [batch, H, W, C] (ecoc4j's images are transposed)
   */
  record Input(String name, ImageShape shape, boolean channelsLast) {}

  private static final float MOMENTUM = 0.9f;

  private final GraphProto graph;
  private final Input input;
  private final List<ParameterSpec> parameters;
  private final Map<String, float[]> values;
  private final Map<String, FoldedInts> intConstants;
  private final Map<String, float[]> floatConstants;
  private final ModelSpec spec;

  ImportedModel(
      GraphProto graph,
      Input input,
      List<ParameterSpec> parameters,
      Map<String, float[]> values,
      Map<String, FoldedInts> intConstants,
      Map<String, float[]> floatConstants) {
    this.graph = graph;
    this.input = input;
    this.parameters = List.copyOf(parameters);
    this.values = Map.copyOf(values);
    this.intConstants = Map.copyOf(intConstants);
    this.floatConstants = Map.copyOf(floatConstants);
    ImageShape shape = input.shape();
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
    this.intConstants = model.intConstants;
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
  public Forward network(GraphBuilder g, String images, boolean training) {
    Map<String, String> updates = new LinkedHashMap<>();
    return new Forward(replay(g, images, training, updates), updates, List.of());
  }

  private String replay(
      GraphBuilder g, String images, boolean training, Map<String, String> updates) {
    Map<String, String> env = new HashMap<>();
    env.put(input.name(), input.channelsLast() ? g.transpose(images, 0, 2, 3, 1) : images);
    for (ParameterSpec p : parameters) {
      env.put(p.name().substring(PREFIX.length()), p.name());
    }
    ShapeFolder folder = new ShapeFolder(intConstants);
    for (NodeProto node : graph.getNodeList()) {
      if (node.getOpType().equals("Constant")) {
        continue;
      }
      if (folder.folds(node)) {
        folder.fold(node, name -> g.info(resolve(g, env, name)));
        continue;
      }
      List<String> in = new ArrayList<>();
      for (int i = 0; i < node.getInputCount(); i++) {
        String name = node.getInput(i);
        // integer tensors are folded; constant arguments are read from the node
        boolean read = name.isEmpty() || folder.holds(name) || readsConstant(node, i);
        in.add(read ? "" : resolve(g, env, name));
      }
      env.put(node.getOutput(0), apply(g, node, in, training, updates, folder));
    }
    return resolve(g, env, graph.getOutput(0).getName());
  }

  /** Whether input {@code i} of {@code node} is a constant argument (Clip bounds, Pad value). */
  private static boolean readsConstant(NodeProto node, int i) {
    String op = node.getOpType();
    return i > 0 && (op.equals("Clip") || op.equals("Pad"));
  }

  private String resolve(GraphBuilder g, Map<String, String> env, String name) {
    String known = env.get(name);
    if (known != null) {
      return known;
    }
    float[] floats = floatConstants.get(name);
    if (floats != null) {
      String made =
          floats.length == 1
              ? g.scalar("const", floats[0])
              : g.constant("const", floats, floats.length);
      env.put(name, made);
      return made;
    }
    throw new IllegalArgumentException("imported model uses '" + name + "' before defining it");
  }

  /** The float constant at input {@code i}, {@code fallback} when the input is absent. */
  private float constantFloat(NodeProto node, int i, float fallback) {
    if (i >= node.getInputCount() || node.getInput(i).isEmpty()) {
      return fallback;
    }
    float[] v = floatConstants.get(node.getInput(i));
    if (v == null || v.length != 1) {
      throw ImportError.of(node, "input " + i + " must be a constant float scalar");
    }
    return v[0];
  }

  private String apply(
      GraphBuilder g,
      NodeProto node,
      List<String> in,
      boolean training,
      Map<String, String> updates,
      ShapeFolder folder) {
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
      case "LeakyRelu":
        return g.leakyRelu(in.get(0), Attributes.floatOf(node, "alpha", 0.01f));
      case "Clip":
        return clip(g, node, in);
      case "MaxPool":
        return maxPool(g, node, in);
      case "AveragePool":
        return averagePool(g, node, in);
      case "GlobalAveragePool":
        return g.globalAveragePool(in.get(0));
      case "Gemm":
        if (Attributes.intOf(node, "transA", 0) != 0
            || Attributes.floatOf(node, "alpha", 1f) != 1f
            || Attributes.floatOf(node, "beta", 1f) != 1f) {
          throw ImportError.of(node, "only transA = 0, alpha = 1, beta = 1");
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
          throw ImportError.of(node, "only axis 1");
        }
        return g.flatten(in.get(0));
      case "Reshape":
        return g.reshape(in.get(0), folder.reshapeTarget(node, g.info(in.get(0))));
      case "Concat":
        return g.concat((int) Attributes.intOf(node, "axis", 0), in);
      case "Transpose":
        long[] perm = Attributes.intsOf(node, "perm");
        if (perm == null) {
          throw ImportError.of(node, "needs a perm attribute");
        }
        return g.transpose(in.get(0), perm);
      case "Pad":
        return pad(g, node, in, folder);
      case "BatchNormalization":
        return batchNorm(g, node, in, training, updates);
      case "Identity":
      case "Dropout":
        return in.get(0);
      case "Cast":
        if (Attributes.intOf(node, "to", 0) != ElementType.FLOAT
            || g.info(in.get(0)).elementType() != ElementType.FLOAT) {
          throw ImportError.of(node, "only a Cast of a float tensor to float (or of a shape)");
        }
        return in.get(0);
      case "ConstantOfShape":
        return constantOfShape(g, node, folder);
      case "Softmax":
      case "LogSoftmax":
        int rank = g.info(in.get(0)).rank();
        long axis = Attributes.intOf(node, "axis", -1);
        if (axis != -1 && axis != rank - 1) {
          throw ImportError.of(node, "only the last axis");
        }
        return node.getOpType().equals("Softmax") ? g.softmax(in.get(0)) : g.logSoftmax(in.get(0));
      case "Shape":
      case "Gather":
      case "Unsqueeze":
      case "Squeeze":
      case "Slice":
        throw ImportError.of(
            node, "only on shape computations (integer tensors known at import time)");
      default:
        throw ImportError.of(node, "operator not supported");
    }
  }

  private String conv(GraphBuilder g, NodeProto node, List<String> in) {
    TensorInfo w = g.info(in.get(1));
    if (w.rank() != 4) {
      throw ImportError.of(node, "only 2-D convolutions, got weights " + w);
    }
    long[] kernel = {w.dim(2), w.dim(3)};
    long[] declared = Attributes.intsOf(node, "kernel_shape");
    if (declared != null && !Arrays.equals(declared, kernel)) {
      throw ImportError.of(
          node, "kernel_shape " + Arrays.toString(declared) + " differs from the weights " + w);
    }
    Window window = ImportedWindows.read(node, kernel, g.info(in.get(0)));
    long group = Attributes.intOf(node, "group", 1);
    String bias = in.size() > 2 && !in.get(2).isEmpty() ? in.get(2) : null;
    try {
      return g.conv(in.get(0), in.get(1), bias, window, group);
    } catch (IllegalArgumentException e) {
      throw ImportError.of(node, e.getMessage());
    }
  }

  private String maxPool(GraphBuilder g, NodeProto node, List<String> in) {
    if (Attributes.intOf(node, "storage_order", 0) != 0) {
      throw ImportError.of(node, "only storage_order 0");
    }
    Window window = ImportedWindows.readPooling(node, g.info(in.get(0)));
    if (!window.undilated()) {
      throw ImportError.of(node, "only MaxPool without dilation");
    }
    try {
      return g.maxPool(in.get(0), window).output();
    } catch (IllegalArgumentException e) {
      throw ImportError.of(node, e.getMessage());
    }
  }

  private String averagePool(GraphBuilder g, NodeProto node, List<String> in) {
    Window window = ImportedWindows.readPooling(node, g.info(in.get(0)));
    boolean includePad = Attributes.intOf(node, "count_include_pad", 0) != 0;
    try {
      return g.averagePool(in.get(0), window, includePad);
    } catch (IllegalArgumentException e) {
      throw ImportError.of(node, e.getMessage());
    }
  }

  /** Clip's bounds: attributes before opset 11, constant inputs since. */
  private String clip(GraphBuilder g, NodeProto node, List<String> in) {
    float min = Attributes.floatOf(node, "min", Float.NEGATIVE_INFINITY);
    float max = Attributes.floatOf(node, "max", Float.POSITIVE_INFINITY);
    min = constantFloat(node, 1, min);
    max = constantFloat(node, 2, max);
    if (!(min <= max)) {
      throw ImportError.of(node, "min " + min + " exceeds max " + max);
    }
    return g.clip(in.get(0), min, max);
  }

  /** Pad: mode constant, pads as an attribute (before opset 11) or a folded input. */
  private String pad(GraphBuilder g, NodeProto node, List<String> in, ShapeFolder folder) {
    if (!Attributes.stringOf(node, "mode", "constant").equals("constant")) {
      throw ImportError.of(node, "only mode constant");
    }
    if (node.getInputCount() > 3 && !node.getInput(3).isEmpty()) {
      throw ImportError.of(node, "only pads over every axis (no axes input)");
    }
    long[] pads = Attributes.intsOf(node, "pads");
    if (pads == null) {
      FoldedInts folded = node.getInputCount() > 1 ? folder.value(node.getInput(1)) : null;
      if (folded == null || !folded.allKnown()) {
        throw ImportError.of(node, "pads must be known at import time");
      }
      pads = folded.values();
    }
    float value = constantFloat(node, 2, Attributes.floatOf(node, "value", 0f));
    try {
      return value == 0f ? g.pad(in.get(0), pads) : g.padWith(in.get(0), value, pads);
    } catch (IllegalArgumentException e) {
      throw ImportError.of(node, e.getMessage());
    }
  }

  /** A float ConstantOfShape (integer ones are folded) as a constant of its known shape. */
  private String constantOfShape(GraphBuilder g, NodeProto node, ShapeFolder folder) {
    FoldedInts shape = folder.value(node.getInput(0));
    if (shape == null || !shape.allKnown()) {
      throw ImportError.of(node, "its shape must be known at import time");
    }
    float fill = 0f;
    for (AttributeProto a : node.getAttributeList()) {
      if (a.getName().equals("value")) {
        if (a.getT().getDataType() != ElementType.FLOAT) {
          throw ImportError.of(node, "only float or integer values");
        }
        fill = OnnxImport.floats(a.getT())[0];
      }
    }
    long[] dims = shape.values();
    float[] values = new float[Math.toIntExact(Arrays.stream(dims).reduce(1, Math::multiplyExact))];
    Arrays.fill(values, fill);
    return g.constant("constantOfShape", values, dims);
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
  }}
