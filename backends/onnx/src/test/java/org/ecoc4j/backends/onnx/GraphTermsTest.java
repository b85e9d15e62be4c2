package org.ecoc4j.backends.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.List;
import java.util.function.Function;
import org.ecoc4j.api.attack.Objective;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.plugin.OptionSpec;
import org.ecoc4j.api.symbolic.Term;
import org.ecoc4j.api.symbolic.Terms;
import org.ecoc4j.backends.onnx.autodiff.Differentiator;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;
import org.ecoc4j.backends.onnx.graph.TensorInfo;
import org.ecoc4j.backends.onnx.training.AttackGraph;
import org.ecoc4j.backends.onnx.training.Checkpoint;
import org.ecoc4j.backends.onnx.training.CheckpointReader;
import org.ecoc4j.backends.onnx.training.GraphTerms;
import org.ecoc4j.backends.onnx.training.ObjectiveGraph;
import org.ecoc4j.backends.onnx.training.TrainingArtifacts;
import org.ecoc4j.backends.onnx.zoo.ModelZoo;
import org.ecoc4j.backends.onnx.zoo.ZooModel;
import org.junit.jupiter.api.Test;

/** The ONNX compiler of symbolic terms: shapes, errors, and the objective graph's contract. */
class GraphTermsTest {

  private static final ModelSpec SPEC = new ModelSpec("lenet", new ImageShape(1, 12, 12), 4, 2);
  private static final Codebook CODEBOOK =
      Codebook.of(new int[][] {{1, 1, -1, -1}, {1, -1, 1, -1}, {-1, 1, 1, -1}});
  private static final LossSpec LOSS = LossSpec.tanhSquaredError(List.of(CODEBOOK, CODEBOOK));

  private static GraphTerms terms(GraphBuilder g) {
    String scores = g.input("scores", TensorInfo.floats(5, 8));
    String labels = g.input("labels", TensorInfo.longs(5));
    return new GraphTerms(g, SPEC, LOSS, scores, labels);
  }

  @Test
  void termsHaveTheDocumentedWidths() {
    GraphTerms t = terms(new GraphBuilder());
    assertEquals(8, t.outputs().width());
    assertEquals(3, t.classScores().width());
    assertEquals(3, t.labels().width());
    assertEquals(1, t.trainingLoss().width());
    assertEquals(1, t.rowMax(t.classScores()).width());
    assertEquals(1, t.rowSum(t.outputs()).width());
    assertEquals(3, t.mul(t.classScores(), t.constant(2f)).width());
    assertEquals(3, t.div(t.classScores(), t.rowSum(t.classScores())).width());
    assertEquals(1, t.rowKthLargest(t.classScores(), 3).width());
  }

  @Test
  void rowKthLargestRefusesRanksOutsideTheRow() {
    GraphTerms t = terms(new GraphBuilder());
    for (int k : new int[] {0, 4, -1}) {
      IllegalArgumentException e = assertThrows(
          IllegalArgumentException.class, () -> t.rowKthLargest(t.classScores(), k));
      assertTrue(e.getMessage().contains("k = " + k + " for a term of width 3"), e.getMessage());
    }
    IllegalArgumentException widths = assertThrows(
        IllegalArgumentException.class, () -> t.div(t.outputs(), t.classScores()));
    assertTrue(widths.getMessage().startsWith("div of terms of widths 8 and 3"),
        widths.getMessage());
  }

  @Test
  void columnsOfAHugeTermAreRefusedBeforeTheSizeOverflows() {
    GraphBuilder g = new GraphBuilder();
    String scores = g.input("scores", TensorInfo.floats(5, 100_000));
    String labels = g.input("labels", TensorInfo.longs(5));
    GraphTerms t = new GraphTerms(g, SPEC, LOSS, scores, labels);
    IllegalArgumentException e = assertThrows(
        IllegalArgumentException.class, () -> t.columns(t.outputs(), 0, 100_000));
    assertTrue(e.getMessage().contains("100000 x 100000 selection matrix of 10000000000 floats"),
        e.getMessage());
    assertEquals(4, t.columns(t.outputs(), 2, 6).width(), "a small slice still compiles");
  }

  @Test
  void refusesForeignTermsAndMismatchedWidths() {
    GraphTerms t = terms(new GraphBuilder());
    GraphTerms other = terms(new GraphBuilder());
    IllegalArgumentException foreign =
        assertThrows(IllegalArgumentException.class, () -> t.neg(other.outputs()));
    assertTrue(foreign.getMessage().contains("not made by this compiler"), foreign.getMessage());
    IllegalArgumentException widths = assertThrows(
        IllegalArgumentException.class, () -> t.add(t.outputs(), t.classScores()));
    assertTrue(widths.getMessage().contains("widths 8 and 3"), widths.getMessage());
  }

  @Test
  void objectiveGraphHasLossesAndInputGradient() {
    ModelProto model = ObjectiveGraph.build(zoo(), LOSS,
        objective("margin-like", t -> t.rowMax(t.classScores())), 4, parameters(),
        Differentiator.standard());
    List<String> outputs =
        model.getGraph().getOutputList().stream().map(o -> o.getName()).toList();
    assertEquals(List.of(AttackGraph.LOSSES, AttackGraph.INPUT_GRADIENT), outputs);
    assertTrue(model.getGraph().getNodeList().stream()
        .map(NodeProto::getOpType).anyMatch("ArgMax"::equals));
  }

  @Test
  void lossOnlyGraphsHaveTheSameInputsAndNoBackwardPass() {
    Objective margin = objective("margin-like", t -> t.rowMax(t.classScores()));
    List<ModelProto[]> pairs = List.of(
        new ModelProto[] {
          AttackGraph.build(zoo(), LOSS, 4, parameters(), Differentiator.standard()),
          AttackGraph.buildLossesOnly(zoo(), LOSS, 4, parameters())
        },
        new ModelProto[] {
          ObjectiveGraph.build(zoo(), LOSS, margin, 4, parameters(), Differentiator.standard()),
          ObjectiveGraph.buildLossesOnly(zoo(), LOSS, margin, 4, parameters())
        });
    for (ModelProto[] pair : pairs) {
      ModelProto full = pair[0];
      ModelProto lossesOnly = pair[1];
      assertEquals(List.of(AttackGraph.LOSSES),
          lossesOnly.getGraph().getOutputList().stream().map(o -> o.getName()).toList());
      assertEquals(full.getGraph().getInputList(), lossesOnly.getGraph().getInputList());
      assertTrue(full.getGraph().getNodeList().stream()
          .map(NodeProto::getOpType).anyMatch(op -> op.endsWith("Grad")));
      assertTrue(lossesOnly.getGraph().getNodeList().stream()
          .map(NodeProto::getOpType).noneMatch(op -> op.endsWith("Grad")),
          "gradient operators in the loss-only graph");
      assertTrue(lossesOnly.getGraph().getNodeCount() < full.getGraph().getNodeCount());
    }
  }

  @Test
  void refusesAnObjectiveWiderThanOneValue() {
    IllegalArgumentException wide = assertThrows(IllegalArgumentException.class,
        () -> ObjectiveGraph.build(zoo(), LOSS, objective("wide", Terms::classScores), 4,
            parameters(), Differentiator.standard()));
    assertTrue(wide.getMessage().contains("one value per sample, gave 3"), wide.getMessage());
  }

  private static ZooModel zoo() {
    return ModelZoo.create(SPEC);
  }

  private static Checkpoint parameters() {
    return CheckpointReader.read(
        TrainingArtifacts.build(zoo(), LOSS, TrainingConfig.adamW(1, 4, 0)).checkpoint());
  }

  private static Objective objective(String name, Function<Terms, Term> loss) {
    return new Objective() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String description() {
        return "test objective";
      }

      @Override
      public List<OptionSpec> options() {
        return List.of();
      }

      @Override
      public Term loss(Terms terms) {
        return loss.apply(terms);
      }
    };
  }
}
