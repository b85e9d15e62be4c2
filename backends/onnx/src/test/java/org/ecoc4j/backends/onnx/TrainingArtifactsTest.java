package org.ecoc4j.backends.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.ArrayList;
import java.util.List;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.backends.onnx.training.CheckpointReader;
import org.ecoc4j.backends.onnx.training.TrainingArtifacts;
import org.ecoc4j.backends.onnx.zoo.ModelZoo;
import org.ecoc4j.backends.onnx.zoo.ParameterSpec;
import org.junit.jupiter.api.Test;

/** The artifacts follow ONNX Runtime's training-graph contract. */
class TrainingArtifactsTest {

  private final TrainingArtifacts artifacts =
      TrainingArtifacts.build(
          ModelZoo.create(new ModelSpec("lenet", new ImageShape(1, 28, 28), 10, 2)),
          LossSpec.crossEntropy(10),
          TrainingConfig.adamW(1, 16, 9));

  private static List<String> names(List<ValueInfoProto> values) {
    List<String> out = new ArrayList<>();
    values.forEach(v -> out.add(v.getName()));
    return out;
  }

  @Test
  void trainingGraphHasParametersBuffersAndResetFlag() throws Exception {
    GraphProto g = ModelProto.parseFrom(artifacts.trainingModel()).getGraph();
    List<String> inputs = names(g.getInputList());
    List<String> outputs = names(g.getOutputList());
    assertEquals(List.of("images", "labels"), inputs.subList(0, 2));
    assertTrue(inputs.contains("lazy_reset_grad"));
    assertEquals(List.of("loss", "scores"), outputs.subList(0, 2));
    for (ParameterSpec p : artifacts.parameters()) {
      assertTrue(inputs.contains(p.name()), p.name());
      assertTrue(inputs.contains(p.name() + "_grad.accumulation.buffer"), p.name());
      assertTrue(outputs.contains(p.name() + "_grad.accumulation.out"), p.name());
    }
    long accumulators =
        g.getNodeList().stream().filter(n -> n.getOpType().equals("InPlaceAccumulatorV2")).count();
    assertEquals(artifacts.parameters().size(), accumulators);
    assertEquals(16, g.getInput(0).getType().getTensorType().getShape().getDim(0).getDimValue());
    assertTrue(g.getInitializerList().stream().noneMatch(t -> t.getName().startsWith("m0.")));
  }

  @Test
  void evalGraphSharesParameterOrderAndHasSymbolicBatch() throws Exception {
    GraphProto g = ModelProto.parseFrom(artifacts.evalModel()).getGraph();
    List<String> inputs = names(g.getInputList());
    List<String> params = new ArrayList<>();
    artifacts.parameters().forEach(p -> params.add(p.name()));
    assertEquals("images", inputs.get(0));
    assertEquals(params, inputs.subList(1, inputs.size()));
    assertEquals("batch", g.getInput(0).getType().getTensorType().getShape().getDim(0).getDimParam());
    assertEquals(List.of("scores"), names(g.getOutputList()));
  }

  @Test
  void optimizerGraphHasTheExpectedSignature() throws Exception {
    GraphProto g = ModelProto.parseFrom(artifacts.optimizerModel()).getGraph();
    assertEquals(
        List.of("learning_rate", "step", "params", "gradients", "first_order_moments",
            "second_order_moments"),
        names(g.getInputList()));
    assertEquals(1, g.getNodeCount());
    assertEquals("AdamWOptimizer", g.getNode(0).getOpType());
  }

  @Test
  void checkpointHoldsTheInitialParameters() {
    var checkpoint = CheckpointReader.read(artifacts.checkpoint());
    assertEquals(artifacts.parameters().size(), checkpoint.trainable().size());
    assertTrue(checkpoint.frozen().isEmpty());
    float[] bias = checkpoint.parameter("m1.conv1.bias").values();
    float[] weight = checkpoint.parameter("m1.conv1.weight").values();
    for (float b : bias) {
      assertEquals(0f, b);
    }
    double bound = Math.sqrt(6.0 / 25);
    boolean nonZero = false;
    for (float w : weight) {
      assertTrue(Math.abs(w) <= bound);
      nonZero |= w != 0;
    }
    assertTrue(nonZero);
  }
}
