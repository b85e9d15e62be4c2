package org.ecoc4j.backends.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import java.util.List;
import java.util.Optional;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.training.ProjectionHead;
import org.ecoc4j.backends.onnx.autodiff.Differentiator;
import org.ecoc4j.backends.onnx.training.Checkpoint;
import org.ecoc4j.backends.onnx.training.CheckpointReader;
import org.ecoc4j.backends.onnx.training.NamedTensor;
import org.ecoc4j.backends.onnx.training.OptimizerSpec;
import org.ecoc4j.backends.onnx.training.ProjectionHeadGraph;
import org.ecoc4j.backends.onnx.training.TrainingArtifacts;
import org.ecoc4j.backends.onnx.zoo.ModelZoo;
import org.ecoc4j.backends.onnx.zoo.ParameterSpec;
import org.ecoc4j.backends.onnx.zoo.ZooModel;
import org.junit.jupiter.api.Test;

/**
 * The artifacts of a stage with a projection head: the head's parameters follow the network's in
 * the training graph and the checkpoint, the network's initial values are those it has without a
 * head, the eval graph runs the network alone on the same parameters, and a loss that never reads
 * the head is refused.
 */
class ProjectionHeadArtifactsTest {

  private static final ModelSpec SPEC = new ModelSpec("lenet", new ImageShape(1, 28, 28), 6, 1);
  private static final ProjectionHead HEAD =
      new ProjectionHead(20, 7, ProjectionHead.Activation.RELU);
  private static final TrainingConfig CONFIG = TrainingConfig.adamW(1, 8, 5);
  private static final LossSpec READS_HEAD = LossSpec.crossEntropy(6).withTermLoss(
      "squared projection", t -> t.rowSum(t.mul(t.projection(), t.projection())));

  private static TrainingArtifacts build(Optional<ProjectionHead> head, LossSpec loss) {
    ZooModel model = ModelZoo.create(SPEC);
    return TrainingArtifacts.build(model, model, head, loss, CONFIG, OptimizerSpec.adamW(CONFIG),
        Differentiator.standard());
  }

  private static List<String> inputs(GraphProto g) {
    return g.getInputList().stream().map(v -> v.getName()).toList();
  }

  @Test
  void theHeadsParametersFollowTheNetworksAndOnlyTheTrainingGraphComputesIt() throws Exception {
    TrainingArtifacts plain = build(Optional.empty(), LossSpec.crossEntropy(6));
    TrainingArtifacts headed = build(Optional.of(HEAD), READS_HEAD);
    List<ParameterSpec> network = plain.parameters();
    assertEquals(network, headed.parameters().subList(0, network.size()));
    assertEquals(List.of(ProjectionHeadGraph.PREFIX + "fc1.weight",
            ProjectionHeadGraph.PREFIX + "fc1.bias", ProjectionHeadGraph.PREFIX + "fc2.weight",
            ProjectionHeadGraph.PREFIX + "fc2.bias"),
        headed.parameters().subList(network.size(), network.size() + 4).stream()
            .map(ParameterSpec::name).toList());
    assertEquals(List.of(20L, 6L), List.of(headed.parameters().get(network.size()).dims()[0],
        headed.parameters().get(network.size()).dims()[1]));

    Checkpoint withHead = CheckpointReader.read(headed.checkpoint());
    Checkpoint without = CheckpointReader.read(plain.checkpoint());
    for (NamedTensor t : without.trainable()) {
      assertEquals(t, withHead.parameter(t.name()), "same initial " + t.name());
    }
    assertEquals(without.trainable().size() + 4, withHead.trainable().size());

    GraphProto training = ModelProto.parseFrom(headed.trainingModel()).getGraph();
    GraphProto eval = ModelProto.parseFrom(headed.evalModel()).getGraph();
    for (ParameterSpec p : headed.parameters()) {
      assertTrue(inputs(training).contains(p.name()), p.name());
      assertTrue(inputs(eval).contains(p.name()), "the eval graph declares " + p.name());
    }
    assertTrue(eval.getNodeList().stream().flatMap(n -> n.getInputList().stream())
        .noneMatch(i -> i.startsWith(ProjectionHeadGraph.PREFIX)), "the eval graph never reads it");
    assertEquals(6, eval.getOutput(0).getType().getTensorType().getShape().getDim(1)
        .getDimValue(), "the eval graph outputs the network's scores");
    assertEquals(6, training.getOutput(1).getType().getTensorType().getShape().getDim(1)
        .getDimValue(), "the training graph's scores are the network's too");
  }

  @Test
  void aHeadTheLossNeverReadsIsRefused() {
    IllegalArgumentException builtIn = assertThrows(IllegalArgumentException.class,
        () -> build(Optional.of(HEAD), LossSpec.crossEntropy(6)));
    assertTrue(builtIn.getMessage().contains("never reads the head's outputs"),
        builtIn.getMessage());
    LossSpec outputsOnly = LossSpec.crossEntropy(6).withTermLoss(
        "squared outputs", t -> t.rowSum(t.mul(t.outputs(), t.outputs())));
    assertThrows(IllegalArgumentException.class, () -> build(Optional.of(HEAD), outputsOnly));
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> build(Optional.empty(), READS_HEAD));
    assertTrue(missing.getMessage().contains("no projection head"), missing.getMessage());
  }
}
