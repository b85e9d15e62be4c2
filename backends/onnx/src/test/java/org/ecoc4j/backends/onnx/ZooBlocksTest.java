package org.ecoc4j.backends.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.symbolic.BatchMixing;
import org.ecoc4j.api.symbolic.BlockMixing;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;
import org.ecoc4j.backends.onnx.graph.TensorInfo;
import org.ecoc4j.backends.onnx.zoo.ImportedModel;
import org.ecoc4j.backends.onnx.zoo.ModelZoo;
import org.ecoc4j.backends.onnx.zoo.OnnxImport;
import org.ecoc4j.backends.onnx.zoo.ZooModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The blocks every zoo architecture declares: their names, that they tile the network (a mixing
 * around a block inserts its two mixings and nothing else into the plain graph, the first block
 * enters at the images, each block leaves where the next enters and the last leaves at the
 * member's output, for each of two members), that an unknown block is refused naming the
 * architecture's blocks, and that an imported model refuses every block saying that it declares
 * none.
 */
class ZooBlocksTest {

  private static final int BATCH = 4;
  private static final BatchMixing IDENTITY = BatchMixing.of(new float[] {
      1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1}, BATCH, BATCH);
  private static final ImageShape VGG = new ImageShape(1, 23, 23);
  private static final ImageShape SMALL = new ImageShape(3, 8, 8);
  private static final List<String> STAGES = List.of("stem", "stage1", "stage2", "stage3", "head");

  static Stream<Arguments> architectures() {
    return Stream.of(
        Arguments.of("lenet", new ImageShape(1, 12, 12), List.of("conv1", "conv2", "head")),
        Arguments.of("cnn1", VGG, List.of("block1", "block2", "block3", "head")),
        Arguments.of("cnn2", VGG, List.of("block1", "block2", "block3", "head")),
        Arguments.of("resnet32", SMALL, STAGES),
        Arguments.of("resnet20v2", SMALL, STAGES),
        Arguments.of("wrn-16-4", SMALL, STAGES),
        Arguments.of("wrn-28-10", SMALL, STAGES),
        Arguments.of("densenet-bc", SMALL, List.of("stem", "dense1", "transition1", "dense2",
            "transition2", "dense3", "head")));
  }

  private static ModelSpec spec(String architecture, ImageShape shape) {
    return new ModelSpec(architecture, shape, 3, 2);
  }

  private static GraphBuilder graph(ModelSpec spec, boolean training) {
    GraphBuilder g = new GraphBuilder();
    ImageShape shape = spec.input();
    g.input("images", TensorInfo.floats(BATCH, shape.channels(), shape.height(), shape.width()));
    ZooModel model = ModelZoo.create(spec);
    model.parameters().forEach(p -> g.input(p.name(), TensorInfo.floats(p.dims())));
    g.output(model.forward(g, "images", training).output());
    return g;
  }

  /**
   * One {@link GraphBuilder#mixBatch} of a graph: where its input comes from (the index, among
   * the nodes that are not a mixing's, of the node that computed it; -1 for the images) and the
   * tensor it gives.
   */
  private record Mixing(int from, String output) {}

  /** A graph's nodes split into the mixings' and the others. */
  private record Split(List<NodeProto> plain, List<Mixing> mixings) {

    static Split of(GraphBuilder g) {
      List<NodeProto> nodes = g.nodes();
      Set<NodeProto> mixing = new HashSet<>();
      List<NodeProto[]> found = new ArrayList<>();
      for (NodeProto matMul : nodes) {
        if (matMul.getOpType().equals("MatMul")
            && matMul.getInput(0).startsWith("batch_mixing")) {
          NodeProto before = producer(nodes, matMul.getInput(1));
          NodeProto after = nodes.stream()
              .filter(n -> n.getInputList().contains(matMul.getOutput(0)))
              .findFirst().orElseThrow();
          assertEquals("Reshape", before.getOpType());
          assertEquals("Reshape", after.getOpType());
          mixing.addAll(List.of(before, matMul, after));
          found.add(new NodeProto[] {before, after});
        }
      }
      List<NodeProto> plain = nodes.stream().filter(n -> !mixing.contains(n)).toList();
      List<Mixing> mixings = new ArrayList<>();
      for (NodeProto[] m : found) {
        NodeProto source = producer(nodes, m[0].getInput(0));
        mixings.add(new Mixing(source == null ? -1 : plain.indexOf(source), m[1].getOutput(0)));
      }
      return new Split(plain, mixings);
    }

    private static NodeProto producer(List<NodeProto> nodes, String tensor) {
      return nodes.stream().filter(n -> n.getOutputList().contains(tensor)).findFirst()
          .orElse(null);
    }

    List<String> opTypes() {
      return plain.stream().map(NodeProto::getOpType).toList();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("architectures")
  void theBlocksAreDeclaredInNetworkOrderAndTileTheNetwork(
      String architecture, ImageShape shape, List<String> blocks) {
    ModelSpec plainSpec = spec(architecture, shape);
    assertEquals(blocks, ModelZoo.create(plainSpec).blocks());
    for (boolean training : new boolean[] {false, true}) {
      GraphBuilder plain = graph(plainSpec, training);
      List<String> opTypes = Split.of(plain).opTypes();
      List<Split> around = new ArrayList<>();
      for (String block : blocks) {
        Split split = Split.of(
            graph(plainSpec.withBlockMixing(new BlockMixing(block, IDENTITY, IDENTITY)), training));
        assertEquals(opTypes, split.opTypes(), block + ": only the mixings are added");
        assertEquals(4, split.mixings().size(), block + ": entering and leaving, two members");
        around.add(split);
      }
      String where = architecture + (training ? " in training" : " in evaluation");
      for (int m = 0; m < 2; m++) {
        assertEquals(-1, around.get(0).mixings().get(2 * m).from(),
            where + ": the first block takes the images");
        for (int b = 0; b < blocks.size(); b++) {
          Mixing entering = around.get(b).mixings().get(2 * m);
          Mixing leaving = around.get(b).mixings().get(2 * m + 1);
          assertTrue(leaving.from() > entering.from(), where + ": block " + blocks.get(b)
              + " holds layers");
          if (b + 1 < blocks.size()) {
            assertEquals(leaving.from(), around.get(b + 1).mixings().get(2 * m).from(),
                where + ": " + blocks.get(b + 1) + " enters where " + blocks.get(b) + " leaves");
          }
        }
        Split last = around.get(blocks.size() - 1);
        NodeProto concat = last.plain().get(last.plain().size() - 1);
        assertEquals(last.mixings().get(2 * m + 1).output(), concat.getInput(m),
            where + ": the last block gives member " + m + "'s output");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("architectures")
  void anUnknownBlockIsRefusedNamingTheArchitecturesBlocks(
      String architecture, ImageShape shape, List<String> blocks) {
    ModelSpec spec = spec(architecture, shape)
        .withBlockMixing(new BlockMixing("stage9", IDENTITY, IDENTITY));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> graph(spec, true));
    assertTrue(e.getMessage().contains("'" + architecture + "' has no block 'stage9'"),
        e.getMessage());
    assertTrue(e.getMessage().contains("its blocks: " + String.join(", ", blocks)),
        e.getMessage());
  }

  @Test
  void anImportedModelRefusesEveryBlockSayingItDeclaresNone() {
    GraphBuilder exported = new GraphBuilder();
    exported.input("input", TensorInfo.floats(TensorInfo.BATCH, 1, 4, 4));
    exported.output(exported.gemm(exported.flatten("input"),
        exported.constant("fc.weight", new float[3 * 16], 3, 16), null, true));
    ImportedModel imported = OnnxImport.load(exported.model("exported").toByteArray(), false)
        .as(new ModelSpec("mine.onnx", new ImageShape(1, 4, 4), 3, 1));
    assertEquals(List.of(), imported.blocks());
    ImportedModel mixed = imported.as(imported.spec()
        .withBlockMixing(new BlockMixing("head", IDENTITY, IDENTITY)));
    GraphBuilder g = new GraphBuilder();
    g.input("images", TensorInfo.floats(BATCH, 1, 4, 4));
    mixed.parameters().forEach(p -> g.input(p.name(), TensorInfo.floats(p.dims())));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> mixed.forward(g, "images", false));
    assertTrue(e.getMessage().contains("the imported model 'mine.onnx' declares no blocks"),
        e.getMessage());
    assertTrue(e.getMessage().contains("block 'head'"), e.getMessage());
    assertTrue(e.getMessage().contains("only the zoo's architectures"), e.getMessage());
  }
}
