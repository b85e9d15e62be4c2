package org.ecoc4j.backends.onnx.export;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.ecoc4j.api.codebook.CodeTable;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.decoding.Decoder;
import org.ecoc4j.backends.onnx.graph.Attributes;
import org.ecoc4j.backends.onnx.graph.ElementType;

/**
 * The whole defended model as one ONNX file that stock ONNX Runtime runs: the members' graph (the
 * {@code model.onnx} of a model directory: images in, the members' raw outputs out, member-major)
 * followed by the deployed decoder in standard operators: the output activation, the class
 * scores, the combination of the members (MAP or vote), the decision and the rejection (syndrome,
 * unassigned word, threshold, too many errors, as the decoder has them). Decoders: {@code
 * euclidean}, {@code correlation-softmax}, {@code bit-threshold}, {@code zadeh} and {@code
 * cosine-softmax} (also on real-valued code tables, {@link #buildWithCodeTables}); any other is
 * refused by name.
 *
 * <p>The file keeps the members' input and declares these outputs, each with a symbolic batch:
 *
 * <ul>
 *   <li>{@value #SCORES} float [batch, N]: the decoder's posteriors summed over members and
 *       normalized to 1 per row (all zero where every member rejects), what {@code
 *       PreparedDecoder.posteriors} returns;
 *   <li>{@value #CLASS} int64 [batch]: the decided class, -1 where rejected;
 *   <li>{@value #REJECTED} bool [batch]: whether the sample is rejected;
 *   <li>{@value #CONFIDENCE} float [batch]: the decision's confidence, as the Java decoder
 *       reports it;
 *   <li>{@value #MEMBER_OUTPUTS} float [batch, M K]: the members' raw outputs.
 * </ul>
 *
 * <p>Decoding runs in double where the Java decoders compute in double, so decisions agree with
 * them on the same member outputs except at exact ties. Only operators whose signatures are the
 * same from opset 13 on are added; the members' opset is kept. The decoder's name, options and
 * the code's shape are recorded in the model's metadata.
 */
public final class DefendedModelExport {

  /** The posteriors output. */
  public static final String SCORES = "scores";
  /** The decision output. */
  public static final String CLASS = "class";
  /** The rejection output. */
  public static final String REJECTED = "rejected";
  /** The confidence output. */
  public static final String CONFIDENCE = "confidence";
  /** The members' raw outputs. */
  public static final String MEMBER_OUTPUTS = "member_outputs";
  /** The oldest standard opset the decoder nodes run under. */
  public static final int MIN_OPSET = 13;

  private DefendedModelExport() {}

  /**
   * Appends the decoder to the members' graph.
   *
   * @param membersModel the members' inference model (one image input, one output [batch, M K])
   * @param decoder the deployed decoder
   * @param options its options, as deployed
   * @param codebooks one codebook per member
   * @return the whole model
   * @throws UnsupportedDecoderException for a decoder the export cannot write, naming it
   * @throws IllegalArgumentException for bytes that are not an ONNX model, a graph with other
   *     than one input and one output, an output of another width than M K, an opset before
   *     {@value #MIN_OPSET}, or codebooks or options the decoder refuses (its own message)
   */
  public static ModelProto build(
      byte[] membersModel, Decoder decoder, Map<String, String> options, List<Codebook> codebooks) {
    Objects.requireNonNull(decoder, "decoder");
    MemberRuleGraph rule = DecoderGraphs.rule(decoder, options, codebooks);
    decoder.prepare(codebooks, options);
    Codebook first = codebooks.get(0);
    return assemble(membersModel, decoder, options, rule, codebooks.size(), first.length(),
        first.classes());
  }

  /**
   * Appends the decoder, bound to real-valued code tables (a learned codebook, {@code
   * Decoder.prepareTables}), to the members' graph: {@code cosine-softmax} on any table, the other
   * decoders of {@link #build} on tables of +1/-1 values.
   *
   * @param tables one code table per member
   * @throws UnsupportedDecoderException for a decoder the export cannot write, naming it
   * @throws IllegalArgumentException as {@link #build}
   */
  public static ModelProto buildWithCodeTables(
      byte[] membersModel, Decoder decoder, Map<String, String> options, List<CodeTable> tables) {
    Objects.requireNonNull(decoder, "decoder");
    decoder.prepareTables(tables, options);
    if (!decoder.name().equals("cosine-softmax")) {
      return build(membersModel, decoder, options,
          tables.stream().map(DefendedModelExport::binary).toList());
    }
    CodeTable first = tables.get(0);
    return assemble(membersModel, decoder, options,
        DecoderGraphs.tableRule(decoder, options, tables), tables.size(), first.length(),
        first.classes());
  }

  private static ModelProto assemble(byte[] membersModel, Decoder decoder,
      Map<String, String> options, MemberRuleGraph rule, int m, int k, int n) {
    ModelProto members = parse(membersModel);
    GraphProto graph = members.getGraph();
    checkOpset(members);
    ValueInfoProto output = singleOutput(graph, m * k);
    singleInput(graph);
    Set<String> taken = names(graph);
    taken.remove(output.getName());
    for (String name : List.of(SCORES, CLASS, REJECTED, CONFIDENCE, MEMBER_OUTPUTS)) {
      if (!taken.add(name)) {
        throw new IllegalArgumentException("the members' graph already has a tensor named '"
            + name + "', an output name of the exported model");
      }
    }
    DecodingNodes g = new DecodingNodes(taken);
    String stacked = g.reshape(MEMBER_OUTPUTS, -1, m, k);
    List<MemberTensors> decided = new ArrayList<>();
    for (int member = 0; member < m; member++) {
      String outputs = g.op("Gather", List.of(stacked, g.longs("member", new long[] {member})),
          Attributes.of("axis", 1L));
      decided.add(rule.decide(g, outputs, member));
    }
    CombinationGraph.write(g, decided, n, DecoderGraphs.votes(decoder, options),
        new CombinationGraph.OutputNames(SCORES, CLASS, REJECTED, CONFIDENCE));
    TensorShapeProto.Dimension batch = output.getType().getTensorType().getShape().getDim(0);
    GraphProto.Builder whole = graph.toBuilder().clearNode().clearOutput().clearValueInfo();
    for (NodeProto node : graph.getNodeList()) {
      whole.addNode(renamed(node, output.getName(), MEMBER_OUTPUTS));
    }
    for (ValueInfoProto info : graph.getValueInfoList()) {
      whole.addValueInfo(info.getName().equals(output.getName())
          ? info.toBuilder().setName(MEMBER_OUTPUTS).build() : info);
    }
    whole.addAllNode(g.nodes()).addAllInitializer(g.constants())
        .addOutput(tensor(MEMBER_OUTPUTS, ElementType.FLOAT, batch, (long) m * k))
        .addOutput(tensor(SCORES, ElementType.FLOAT, batch, n))
        .addOutput(tensor(CLASS, ElementType.INT64, batch))
        .addOutput(tensor(REJECTED, ElementType.BOOL, batch))
        .addOutput(tensor(CONFIDENCE, ElementType.FLOAT, batch));
    Map<String, String> metadata = new TreeMap<>();
    metadata.put("ecoc4j.decoder", decoder.name());
    metadata.put("ecoc4j.decoder.options", new TreeMap<>(options).toString());
    metadata.put("ecoc4j.members", Integer.toString(m));
    metadata.put("ecoc4j.classes", Integer.toString(n));
    metadata.put("ecoc4j.code-length", Integer.toString(k));
    ModelProto.Builder model = members.toBuilder().setGraph(whole);
    metadata.forEach((key, value) ->
        model.addMetadataProps(StringStringEntryProto.newBuilder().setKey(key).setValue(value)));
    return model.build();
  }

  /**
   * Writes {@link #build}'s model to {@code file} atomically: into a temporary file beside it,
   * then renamed into place; on any failure nothing is left at {@code file}.
   *
   * @throws UnsupportedDecoderException for a decoder the export cannot write (nothing written)
   * @throws IllegalArgumentException as {@link #build}, or when {@code file} exists or its folder
   *     does not (nothing written)
   * @throws UncheckedIOException when the file cannot be written, naming it
   */
  public static void write(Path file, byte[] membersModel, Decoder decoder,
      Map<String, String> options, List<Codebook> codebooks) {
    writeAtomically(file, () -> build(membersModel, decoder, options, codebooks));
  }

  /**
   * Writes {@link #buildWithCodeTables}'s model to {@code file} atomically, as {@link #write}.
   *
   * @throws UnsupportedDecoderException for a decoder the export cannot write (nothing written)
   * @throws IllegalArgumentException as {@link #write}
   * @throws UncheckedIOException when the file cannot be written, naming it
   */
  public static void writeWithCodeTables(Path file, byte[] membersModel, Decoder decoder,
      Map<String, String> options, List<CodeTable> tables) {
    writeAtomically(file, () -> buildWithCodeTables(membersModel, decoder, options, tables));
  }

  private static void writeAtomically(Path file, Supplier<ModelProto> model) {
    Path target = file.toAbsolutePath();
    if (Files.exists(target)) {
      throw new IllegalArgumentException(file + " already exists; choose another file");
    }
    Path folder = target.getParent();
    if (!Files.isDirectory(folder)) {
      throw new IllegalArgumentException("the folder of " + file + " does not exist");
    }
    byte[] bytes = model.get().toByteArray();
    Path temporary = null;
    try {
      temporary = Files.createTempFile(folder, "." + target.getFileName(), ".tmp");
      Files.write(temporary, bytes);
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    } finally {
      if (temporary != null) {
        try {
          Files.deleteIfExists(temporary);
        } catch (IOException e) {
          // the temporary file is hidden and named after the target; nothing else to do
        }
      }
    }
  }

  /** The codebook of a table of +1/-1 values ({@code prepareTables} has checked them). */
  private static Codebook binary(CodeTable table) {
    int[][] rows = new int[table.classes()][table.length()];
    for (int c = 0; c < rows.length; c++) {
      for (int j = 0; j < rows[c].length; j++) {
        rows[c][j] = (int) table.value(c, j);
      }
    }
    return Codebook.of(rows);
  }

  private static ModelProto parse(byte[] bytes) {
    try {
      ModelProto model = ModelProto.parseFrom(Objects.requireNonNull(bytes, "membersModel"));
      if (!model.hasGraph()) {
        throw new IllegalArgumentException("the members' model has no graph");
      }
      return model;
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("the members' model is not an ONNX model: "
          + e.getMessage(), e);
    }
  }

  private static void checkOpset(ModelProto model) {
    for (OperatorSetIdProto opset : model.getOpsetImportList()) {
      if ((opset.getDomain().isEmpty() || opset.getDomain().equals("ai.onnx"))) {
        if (opset.getVersion() < MIN_OPSET) {
          throw new IllegalArgumentException("the members' model declares opset "
              + opset.getVersion() + "; the export needs " + MIN_OPSET + " or later");
        }
        return;
      }
    }
    throw new IllegalArgumentException("the members' model declares no standard opset");
  }

  private static ValueInfoProto singleOutput(GraphProto graph, int width) {
    if (graph.getOutputCount() != 1) {
      throw new IllegalArgumentException("the members' graph has " + graph.getOutputCount()
          + " outputs; the export needs one, the members' outputs");
    }
    ValueInfoProto output = graph.getOutput(0);
    TensorShapeProto shape = output.getType().getTensorType().getShape();
    if (output.getType().getTensorType().getElemType() != ElementType.FLOAT
        || shape.getDimCount() != 2) {
      throw new IllegalArgumentException("the members' output '" + output.getName()
          + "' is not a float tensor [batch, " + width + "]");
    }
    TensorShapeProto.Dimension last = shape.getDim(1);
    if (last.hasDimValue() && last.getDimValue() != width) {
      throw new IllegalArgumentException("the members' output '" + output.getName() + "' has "
          + last.getDimValue() + " values per image, the codebooks need " + width
          + " (members x code length)");
    }
    return output;
  }

  private static void singleInput(GraphProto graph) {
    Set<String> initializers = new HashSet<>();
    graph.getInitializerList().forEach(t -> initializers.add(t.getName()));
    long inputs = graph.getInputList().stream()
        .filter(i -> !initializers.contains(i.getName())).count();
    if (inputs != 1) {
      throw new IllegalArgumentException(
          "the members' graph has " + inputs + " inputs; the export needs one, the images");
    }
  }

  private static Set<String> names(GraphProto graph) {
    Set<String> names = new HashSet<>();
    graph.getInputList().forEach(i -> names.add(i.getName()));
    graph.getOutputList().forEach(o -> names.add(o.getName()));
    graph.getValueInfoList().forEach(v -> names.add(v.getName()));
    for (TensorProto t : graph.getInitializerList()) {
      names.add(t.getName());
    }
    for (NodeProto node : graph.getNodeList()) {
      names.addAll(node.getInputList());
      names.addAll(node.getOutputList());
      names.add(node.getName());
    }
    return names;
  }

  private static NodeProto renamed(NodeProto node, String from, String to) {
    NodeProto.Builder b = node.toBuilder().clearInput().clearOutput();
    node.getInputList().forEach(i -> b.addInput(i.equals(from) ? to : i));
    node.getOutputList().forEach(o -> b.addOutput(o.equals(from) ? to : o));
    return b.build();
  }

  private static ValueInfoProto tensor(
      String name, int type, TensorShapeProto.Dimension batch, long... dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder().addDim(batch);
    for (long d : dims) {
      shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
    }
    return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
        .setTensorType(TypeProto.Tensor.newBuilder().setElemType(type).setShape(shape))).build();
  }
}
