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

  /**
   * cnn1's two dropout layers per member become float noise inputs of the pooled maps' fixed shape,
   * listed by the artifacts in graph order; the graph has no random operator, the eval graph no
   * noise, and a model without dropout lists none.
   */
  @Test
  void dropoutLayersAreNoiseInputsOfTheTrainingGraphOnly() throws Exception {
    TrainingArtifacts cnn =
        TrainingArtifacts.build(
            ModelZoo.create(new ModelSpec("cnn1", new ImageShape(1, 23, 23), 4, 2)),
            LossSpec.crossEntropy(4),
            TrainingConfig.adamW(1, 8, 9));
    List<String> noise =
        List.of("m0.dropout1.noise", "m0.dropout2.noise", "m1.dropout1.noise",
            "m1.dropout2.noise");
    assertEquals(noise, cnn.dropoutNoise());
    assertEquals(List.of(), artifacts.dropoutNoise());
    GraphProto g = ModelProto.parseFrom(cnn.trainingModel()).getGraph();
    List<String> inputs = names(g.getInputList());
    assertEquals(noise, inputs.stream().filter(n -> n.endsWith(".noise")).toList());
    // 23 - 10 = 13 after block 1's convolutions (stride-1 pool, end-padded), 9 then 5 in block 2
    List<List<Long>> shapes = new ArrayList<>();
    for (ValueInfoProto v : g.getInputList()) {
      if (noise.contains(v.getName())) {
        assertEquals(1, v.getType().getTensorType().getElemType(), v.getName());
        shapes.add(
            v.getType().getTensorType().getShape().getDimList().stream()
                .map(d -> d.getDimValue())
                .toList());
      }
    }
    List<Long> first = List.of(8L, 32L, 13L, 13L);
    List<Long> second = List.of(8L, 64L, 5L, 5L);
    assertEquals(List.of(first, second, first, second), shapes);
    assertTrue(g.getNodeList().stream().noneMatch(n -> n.getOpType().startsWith("Dropout")
        || n.getOpType().startsWith("Random")));
    GraphProto eval = ModelProto.parseFrom(cnn.evalModel()).getGraph();
    assertTrue(names(eval.getInputList()).stream().noneMatch(n -> n.endsWith(".noise")));
    assertTrue(eval.getNodeList().stream().noneMatch(n -> n.getOpType().equals("Greater")));
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
