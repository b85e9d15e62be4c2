package org.ecoc4j.launcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.ecoc4j.api.codebook.CodeTable;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.decoding.Decoder;
import org.ecoc4j.api.plugin.InvalidOptionException;
import org.ecoc4j.backends.onnx.export.DefendedModelExport;
import org.ecoc4j.backends.onnx.graph.ElementType;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;
import org.ecoc4j.backends.onnx.graph.TensorInfo;
import org.ecoc4j.experiments.PluginLookup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library side of the whole-model export without training or ONNX Runtime: the outputs and
 * metadata of the exported model, real-valued code tables with {@code cosine-softmax} (and
 * +1/-1 tables exported as their codebooks), and every refusal leaving no file: a real-valued
 * table for a decoder of binary codes, options the decoder refuses, a member output of another
 * width than the codebooks, an opset before 13, bytes that are not ONNX, a members' tensor named
 * like an output, an existing file.
 * The numbers the graph computes are checked on ONNX Runtime by {@link ExportCliTest}.
 */
class WholeModelExportTest {

  @TempDir Path work;

  private static final List<Codebook> TWO_MEMBERS = List.of(
      Codebook.of(new int[][] {{1, 1, -1}, {-1, 1, 1}, {1, -1, 1}, {-1, -1, -1}}),
      Codebook.of(new int[][] {{1, -1, -1}, {-1, 1, -1}, {-1, -1, 1}, {1, 1, 1}}));

  /** Members' graph: images [batch, 1, 2, 2] flattened, times a constant, [batch, width]. */
  private static ModelProto members(int width, String outputName) {
    GraphBuilder g = new GraphBuilder();
    g.input("images", TensorInfo.floats(TensorInfo.BATCH, 1, 2, 2));
    String flat = g.flatten("images");
    float[] weights = new float[4 * width];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = (i % 7) - 3;
    }
    String out = g.matMul(flat, g.constant("w", weights, 4, width));
    String named = g.node("Identity", "", List.of(out), List.of(outputName),
        List.of(g.info(out)), List.of()).get(0);
    g.output(named);
    return g.model("members");
  }

  private static Decoder decoder(String name) {
    return PluginLookup.builtIn().find(Decoder.class, name);
  }

  @Test
  void wholeModelDeclaresTheDecisionOutputsAndRecordsTheDecoder() {
    ModelProto whole = DefendedModelExport.build(members(6, "scores").toByteArray(),
        decoder("zadeh"), Map.of("combine", "vote"), TWO_MEMBERS);
    Map<String, ValueInfoProto> outputs = whole.getGraph().getOutputList().stream()
        .collect(Collectors.toMap(ValueInfoProto::getName, o -> o));
    assertEquals(List.of("member_outputs", "scores", "class", "rejected", "confidence"),
        whole.getGraph().getOutputList().stream().map(ValueInfoProto::getName).toList());
    assertEquals(ElementType.INT64, type(outputs.get("class")));
    assertEquals(ElementType.BOOL, type(outputs.get("rejected")));
    assertEquals(ElementType.FLOAT, type(outputs.get("scores")));
    assertEquals(4, outputs.get("scores").getType().getTensorType().getShape().getDim(1)
        .getDimValue());
    assertEquals(6, outputs.get("member_outputs").getType().getTensorType().getShape().getDim(1)
        .getDimValue());
    Map<String, String> metadata = whole.getMetadataPropsList().stream().collect(
        Collectors.toMap(StringStringEntryProto::getKey, StringStringEntryProto::getValue));
    assertEquals("zadeh", metadata.get("ecoc4j.decoder"));
    assertEquals("{combine=vote}", metadata.get("ecoc4j.decoder.options"));
    assertEquals("2", metadata.get("ecoc4j.members"));
    assertEquals(List.of("images"),
        whole.getGraph().getInputList().stream().map(ValueInfoProto::getName).toList());
    assertTrue(whole.getGraph().getNodeList().stream().allMatch(n -> n.getDomain().isEmpty()),
        "standard operators only");
  }

  @Test
  void realValuedCodeTablesExportWithCosineSoftmax() {
    CodeTable learned = CodeTable.of(new float[][] {
        {0.5f, -1f, 2f}, {1f, 1f, 0f}, {-0.25f, 0f, 1f}, {0f, 0f, 0f}});
    ModelProto whole = DefendedModelExport.buildWithCodeTables(
        members(6, "scores").toByteArray(), decoder("cosine-softmax"), Map.of(),
        List.of(learned, learned));
    assertEquals("cosine-softmax", whole.getMetadataPropsList().stream()
        .filter(p -> p.getKey().equals("ecoc4j.decoder")).findFirst().orElseThrow().getValue());
    ModelProto binary = DefendedModelExport.buildWithCodeTables(
        members(6, "scores").toByteArray(), decoder("zadeh"), Map.of(),
        TWO_MEMBERS.stream().map(CodeTable::of).toList());
    assertArrayEquals(DefendedModelExport.build(members(6, "scores").toByteArray(),
        decoder("zadeh"), Map.of(), TWO_MEMBERS).toByteArray(), binary.toByteArray(),
        "a table of +1/-1 values exports as its codebook");
  }

  @Test
  void refusalsNameTheProblemAndWriteNothing() throws IOException {
    byte[] six = members(6, "scores").toByteArray();
    CodeTable learned = CodeTable.of(new float[][] {
        {0.5f, -1f, 2f}, {1f, 1f, 0f}, {-0.25f, 0f, 1f}, {0f, 0f, 0f}});
    assertRefused("use cosine-softmax", IllegalArgumentException.class, six,
        decoder("euclidean"), Map.of(), List.of(learned, learned));
    assertRefused("threshold", InvalidOptionException.class,
        six, decoder("zadeh"), Map.of("threshold", "2"), TWO_MEMBERS);
    assertRefused("has 5 values per image, the codebooks need 6",
        IllegalArgumentException.class, members(5, "scores").toByteArray(), decoder("euclidean"),
        Map.of(), TWO_MEMBERS);
    assertRefused("not an ONNX model", IllegalArgumentException.class,
        new byte[] {1, 2, 3, 4, 5}, decoder("euclidean"), Map.of(), TWO_MEMBERS);
    ModelProto old = members(6, "scores");
    old = old.toBuilder().setOpsetImport(0, old.getOpsetImport(0).toBuilder().setVersion(11))
        .build();
    assertRefused("declares opset 11; the export needs 13", IllegalArgumentException.class,
        old.toByteArray(), decoder("euclidean"), Map.of(), TWO_MEMBERS);
    ModelProto clash = members(6, "outputs");
    clash = clash.toBuilder().setGraph(clash.getGraph().toBuilder().setNode(0,
        clash.getGraph().getNode(0).toBuilder().setOutput(0, "class")).setNode(1,
        clash.getGraph().getNode(1).toBuilder().setInput(0, "class"))).build();
    assertRefused("already has a tensor named 'class'", IllegalArgumentException.class,
        clash.toByteArray(), decoder("euclidean"), Map.of(), TWO_MEMBERS);

    Path existing = work.resolve("existing.onnx");
    Files.writeString(existing, "keep me");
    IllegalArgumentException exists = assertThrows(IllegalArgumentException.class,
        () -> DefendedModelExport.write(existing, six, decoder("euclidean"), Map.of(),
            TWO_MEMBERS));
    assertTrue(exists.getMessage().contains("already exists"), exists::getMessage);
    assertEquals("keep me", Files.readString(existing));

    Path written = work.resolve("whole.onnx");
    DefendedModelExport.write(written, six, decoder("euclidean"), Map.of(), TWO_MEMBERS);
    assertArrayEquals(DefendedModelExport.build(six, decoder("euclidean"), Map.of(),
        TWO_MEMBERS).toByteArray(), Files.readAllBytes(written));
    try (Stream<Path> files = Files.list(work)) {
      assertEquals(List.of("existing.onnx", "whole.onnx"),
          files.map(f -> f.getFileName().toString()).sorted().toList());
    }
  }

  private void assertRefused(String message, Class<? extends Exception> type, byte[] model,
      Decoder decoder, Map<String, String> options, List<?> codes) throws IOException {
    Path file = work.resolve("refused.onnx");
    Exception e = assertThrows(type, () -> {
      if (codes.get(0) instanceof CodeTable) {
        DefendedModelExport.writeWithCodeTables(file, model, decoder, options,
            codes.stream().map(CodeTable.class::cast).toList());
      } else {
        DefendedModelExport.write(file, model, decoder, options,
            codes.stream().map(Codebook.class::cast).toList());
      }
    });
    assertTrue(e.getMessage().contains(message), e::getMessage);
    try (Stream<Path> files = Files.list(work)) {
      assertFalse(files.findAny().isPresent(), "nothing written");
    }
  }

  private static int type(ValueInfoProto info) {
    return info.getType().getTensorType().getElemType();
  }
}
