package org.ecoc4j.backends.ort;

import static org.ecoc4j.backends.ort.GradientChecker.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.backends.onnx.training.AttackGraph;
import org.ecoc4j.backends.onnx.training.Checkpoint;
import org.ecoc4j.backends.onnx.training.CheckpointReader;
import org.ecoc4j.backends.onnx.training.TrainingArtifacts;
import org.ecoc4j.backends.onnx.zoo.ModelZoo;
import org.ecoc4j.backends.onnx.zoo.ZooModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Attack oracles on the CPU run their graphs as {@link ConvLayout#attackModel} gives them: the
 * convolutions of constant weights rewritten into NCHWc convolutions too, and the activations and
 * batch normalization between them blocked (resnet20v2's stage changes, sampled early, take
 * their samples by blocked strided convolutions and spread the samples' gradients on the blocked
 * tensors). Their losses and input gradients equal those of the
 * graphs as built ({@code conv-layout=nchw}) within rounding, the loss-only queries give the
 * gradient session's losses, and graphs without a qualifying convolution (lenet's), CUDA and
 * {@code nchw} keep their bytes.
 */
class AttackGraphLayoutTest {

  private static final int BATCH = 8;

  @Test
  void keepsTheGraphWhereNothingIsBlocked() {
    byte[] model = {1, 2, 3};
    assertSame(model, ConvLayout.AUTO.attackModel(model, OrtDevice.CUDA));
    assertSame(model, ConvLayout.NCHW.attackModel(model, OrtDevice.CPU));
    ZooModel lenet = ModelZoo.create(new ModelSpec("lenet", new ImageShape(1, 28, 28), 10, 2));
    byte[] attack = attackGraph(lenet);
    assertSame(attack, ConvLayout.AUTO.attackModel(attack, OrtDevice.CPU));
  }

  @ParameterizedTest
  @ValueSource(strings = {"cnn1", "resnet20v2"})
  void givesTheLossesAndGradientsOfTheGraphAsBuilt(String architecture) {
    assumeTrue(NchwcBlock.detected().available(), "no NCHWc kernels on this CPU");
    int block = NchwcBlock.detected().size();
    ZooModel model =
        ModelZoo.create(new ModelSpec(architecture, new ImageShape(3, 32, 32), 10, 1));
    byte[] built = attackGraph(model);
    byte[] blocked = ConvLayout.AUTO.attackModel(built, OrtDevice.CPU);
    assertNotSame(built, blocked);
    GraphProto graph = GraphSignature.parse(blocked).getGraph();
    Map<String, TensorProto> constants = graph.getInitializerList().stream()
        .collect(Collectors.toMap(TensorProto::getName, t -> t));
    for (NodeProto node : graph.getNodeList()) {
      TensorProto w = node.getOpType().equals("Conv") && node.getDomain().isEmpty()
          ? constants.get(node.getInput(1)) : null;
      assertTrue(w == null || w.getDims(0) % block != 0 || w.getDims(1) % block != 0,
          node.getName() + " has constant weights of blocked channels and was not rewritten");
    }
    if (architecture.equals("resnet20v2")) {
      // its two stage changes, sampled early: the samples' gradients spread on the blocked
      // tensors, and the samples taken by blocked strided convolutions
      assertEquals(0, graph.getNodeList().stream()
          .filter(n -> n.getOpType().equals("ConvTranspose")).count());
      assertEquals(2, graph.getNodeList().stream().filter(n -> n.getOpType().equals("Pad")
          && n.getOutput(0).endsWith(".nchwc_spread")).count());
      assertEquals(0, graph.getNodeList().stream()
          .filter(n -> n.getOpType().equals("Slice") && n.getInput(0).startsWith("add_")).count());
    }
    LossSpec loss = LossSpec.crossEntropy(10);
    Checkpoint parameters = parameters(model);
    float[] images = uniform(BATCH * 3 * 32 * 32, 5);
    int[] labels = new SplittableRandom(6).ints(BATCH, 0, 10).toArray();
    float[][] losses = new float[2][BATCH];
    float[][] gradients = new float[2][images.length];
    float[] queried = new float[BATCH];
    OrtSettings[] arms = {
      OrtSettings.cpu().withConvLayout(ConvLayout.NCHW), OrtSettings.cpu()
    };
    for (int a = 0; a < 2; a++) {
      try (OrtGradientOracle oracle =
          new OrtGradientOracle(model, loss, parameters, BATCH, arms[a])) {
        oracle.lossAndGradient(images, labels, losses[a], gradients[a]);
        if (a == 1) {
          oracle.losses(images, labels, queried);
        }
      }
    }
    NetworkGradients.assertWithinRounding(
        Map.of("losses", losses[0], "input gradient", gradients[0]),
        Map.of("losses", losses[1], "input gradient", gradients[1]), architecture);
    for (int b = 0; b < BATCH; b++) {
      assertEquals(losses[1][b], queried[b], 1e-6f * (1 + Math.abs(losses[1][b])), "sample " + b);
    }
  }

  private static byte[] attackGraph(ZooModel model) {
    return AttackGraph.build(model, LossSpec.crossEntropy(model.spec().outputs()), BATCH,
        parameters(model), OrtTrainingEngine.differentiator(OrtSettings.cpu()))
        .toByteArray();
  }

  private static Checkpoint parameters(ZooModel model) {
    return CheckpointReader.read(TrainingArtifacts.build(model,
        LossSpec.crossEntropy(model.spec().outputs()), TrainingConfig.adamW(1, BATCH, 1))
        .checkpoint());
  }
}
