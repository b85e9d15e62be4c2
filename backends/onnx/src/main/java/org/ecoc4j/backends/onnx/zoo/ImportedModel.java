package org.ecoc4j.backends.onnx.zoo;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;
import org.ecoc4j.backends.onnx.graph.TensorInfo;

/**
 * A model read by {@link OnnxImport}, replayed node by node into ecoc4j graphs so that it can be
 * trained, differentiated and exported like a zoo model. Its parameters are named after the file's
 * initializers with the prefix {@value #PREFIX} and start from the file's values. Shape
 * computations are evaluated at import time by a {@link ShapeFolder}, so every Reshape gets a
 * constant shape.
 *
 * <p>Each node is rebuilt by the import part of its operator in the {@link OperatorTable} ({@link
 * ImportRules}). Accepted attribute values: Conv, MaxPool and AveragePool over 2-D windows with
 * any kernel, strides and pads (explicit or {@code auto_pad}); Conv with any dilation and group
 * (asymmetric pads become a zero Pad in front); MaxPool and AveragePool with {@code ceil_mode} 0
 * or 1 (the windows ceil mode adds, counted as PyTorch counts them, become extra end pads);
 * MaxPool with any dilation, {@code storage_order} 0 (its Indices output, if any, must not be
 * used); AveragePool with either {@code count_include_pad}, except 1 where ceil mode adds a
 * window; Clip with constant bounds (attributes or inputs); LeakyRelu; HardSigmoid; HardSwish (as
 * {@code x * HardSigmoid(x)} with alpha 1/6 and beta 1/2); Pad in constant, edge or reflect mode
 * with constant, non-negative pads (over every axis or an opset-18 {@code axes} input) and a
 * constant value; Gemm with alpha = beta = 1 and no transposed A; Flatten
 * at axis 1; Concat and Transpose with constant arguments; ReduceMean and ReduceSum over constant
 * axes (attribute or input); Split into sizes known at import time (input, attribute or {@code
 * num_outputs}); Slice of float tensors with constant starts, ends, axes and
 * non-zero steps; Gather (scalar or vector indices), Squeeze and Unsqueeze of float tensors with
 * constant indices and axes ({@link ImportedIndexing});
 * Softmax and LogSoftmax over the last axis; Dropout as identity; Cast to float of a float tensor
 * as identity. BatchNormalization ({@code training_mode} 0) normalizes with batch statistics in
 * training (running statistics with momentum 0.9) and with the stored ones otherwise.
 *
 * <p>It declares no blocks ({@link #checkBlock} refuses each): a batch can be mixed before it,
 * not around a part of it.
 *
 * <p>A file exported at a fixed batch size has its Reshape targets re-batched where the batch can
 * be traced ({@link ShapeFolder#reshapeTarget}); {@link #notices()} lists each such node.
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
   * @param exportedBatch the batch size the file's input fixes, or -1 for a symbolic one
   */
  record Input(String name, ImageShape shape, boolean channelsLast, long exportedBatch) {}

  private final GraphProto graph;
  private final Input input;
  private final List<ParameterSpec> parameters;
  private final Map<String, float[]> values;
  private final Map<String, FoldedInts> intConstants;
  private final Map<String, float[]> floatConstants;
  private final ModelSpec spec;
  private final List<String> notices;

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
    List<String> said = new ArrayList<>();
    TensorInfo out = scratch.info(replay(scratch, images, false, new HashMap<>(), said));
    this.notices = List.copyOf(said);
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
    this.notices = model.notices;
    this.spec = spec;
  }

  /**
   * What the import changed that the user should know, one sentence each: a graph exported at a
   * fixed batch size and re-batched (each Reshape whose target fixed the batch, by node).
   */
  public List<String> notices() {
    return notices;
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

  /**
   * Refuses every block: an imported graph declares none.
   *
   * @throws IllegalArgumentException always, saying that only the zoo's architectures declare
   *     blocks
   */
  @Override
  public void checkBlock(String block) {
    throw new IllegalArgumentException(
        "the imported model '" + spec.architecture() + "' declares no blocks, so the batch cannot"
            + " be mixed around block '" + block + "': only the zoo's architectures declare"
            + " blocks; without a block the batch is mixed before the network");
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
    return new Forward(
        replay(g, images, training, updates, new ArrayList<>()), updates, List.of());
  }

  private String replay(
      GraphBuilder g,
      String images,
      boolean training,
      Map<String, String> updates,
      List<String> notices) {
    Map<String, String> env = new HashMap<>();
    env.put(input.name(), input.channelsLast() ? g.transpose(images, 0, 2, 3, 1) : images);
    for (ParameterSpec p : parameters) {
      env.put(p.name().substring(PREFIX.length()), p.name());
    }
    ShapeFolder folder = new ShapeFolder(intConstants, input.exportedBatch(), g.info(images).dim(0), notices);
    ImportStep step = new ImportStep(g, training, updates, folder, floatConstants);
    for (NodeProto node : graph.getNodeList()) {
      if (OperatorTable.readAtLoad(node.getOpType())) {
        continue;
      }
      if (folder.folds(node)) {
        folder.fold(node, name -> g.info(resolve(g, env, name)));
        continue;
      }
      boolean constantArguments = OperatorTable.readsConstantArguments(node.getOpType());
      List<String> in = new ArrayList<>();
      for (int i = 0; i < node.getInputCount(); i++) {
        String name = node.getInput(i);
        // integer tensors are folded; constant arguments are read from the node
        boolean read = name.isEmpty() || folder.holds(name) || constantArguments && i > 0;
        in.add(read ? "" : resolve(g, env, name));
      }
      OperatorTable.MultiImporter importer =
          OperatorTable.importer(node.getOpType())
              .orElseThrow(() -> ImportError.of(node, "operator not supported"));
      List<String> outs = importer.rebuild(step, node, in);
      for (int i = 0; i < Math.min(outs.size(), node.getOutputCount()); i++) {
        if (!node.getOutput(i).isEmpty()) {
          env.put(node.getOutput(i), outs.get(i));
        }
      }
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
      String made =
          floats.length == 1
              ? g.scalar("const", floats[0])
              : g.constant("const", floats, floats.length);
      env.put(name, made);
      return made;
    }
    throw new IllegalArgumentException("imported model uses '" + name + "' before defining it");
  }
}
