package org.ecoc4j.backends.ort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;
import org.ecoc4j.backends.onnx.graph.TensorInfo;
import org.ecoc4j.backends.onnx.training.CheckpointWriter;
import org.ecoc4j.backends.onnx.training.NamedTensor;
import org.ecoc4j.backends.onnx.training.TrainingArtifacts;
import org.ecoc4j.backends.onnx.zoo.ModelZoo;
import org.junit.jupiter.api.Test;

/** Wrong shapes, types, names and files give exceptions, never a crash of the JVM. */
class NativeSafetyTest {

  private static byte[] reluModel() {
    GraphBuilder g = new GraphBuilder();
    g.input("x", TensorInfo.floats(TensorInfo.BATCH, 3));
    g.input("y", TensorInfo.floats(TensorInfo.BATCH, 3));
    g.output(g.relu(g.add("x", "y")));
    return g.model("relu").toByteArray();
  }

  @Test
  void inferenceFeedsAreCheckedBeforeTheNativeCall() {
    try (InferenceSession session = new InferenceSession(reluModel(), OrtSettings.cpu());
        NativeTensor good = NativeTensor.floats(new float[6], 2, 3);
        NativeTensor otherBatch = NativeTensor.floats(new float[9], 3, 3);
        NativeTensor wrongWidth = NativeTensor.floats(new float[8], 2, 4);
        NativeTensor wrongRank = NativeTensor.floats(new float[6], 6);
        NativeTensor wrongType = NativeTensor.longs(new long[6], 2, 3)) {
      String out = session.outputNames().get(0);
      assertTrue(session.run(Map.of("x", good, "y", good), List.of(out)).get(0).values().length == 6);
      expect("missing input 'y'", () -> session.run(Map.of("x", good), List.of(out)));
      expect("unexpected input 'z'",
          () -> session.run(Map.of("x", good, "y", good, "z", good), List.of(out)));
      expect("element type", () -> session.run(Map.of("x", good, "y", wrongType), List.of(out)));
      expect("rank", () -> session.run(Map.of("x", good, "y", wrongRank), List.of(out)));
      expect("dimension 1", () -> session.run(Map.of("x", good, "y", wrongWidth), List.of(out)));
      expect("batch", () -> session.run(Map.of("x", good, "y", otherBatch), List.of(out)));
      expect("no output 'nope'", () -> session.run(Map.of("x", good, "y", good), List.of("nope")));
    }
  }

  @Test
  void tensorsCheckTheirLengthsAndRefuseUseAfterClose() {
    expect("hold 6 values", () -> NativeTensor.floats(new float[5], 2, 3));
    expect("negative", () -> NativeTensor.longs(new long[0], -1));
    NativeTensor t = NativeTensor.floats(new float[6], 2, 3);
    expect("cannot write", () -> t.copyFrom(new float[5]));
    expect("cannot write", () -> t.copyFrom(new long[6]));
    t.close();
    t.close();
    assertThrows(IllegalStateException.class, () -> t.copyFrom(new float[6]));
    InferenceSession session = new InferenceSession(reluModel(), OrtSettings.cpu());
    session.close();
    assertThrows(IllegalStateException.class, () -> session.run(Map.of(), List.of("x")));
  }

  @Test
  void brokenModelsAreErrors() {
    expect("not an ONNX model", () -> new InferenceSession(new byte[] {1, 2, 3, 4, 5}, OrtSettings.cpu()));
    GraphBuilder g = new GraphBuilder();
    g.input("x", TensorInfo.floats(2));
    g.output(g.node("NoSuchOperator", "", List.of("x"), List.of("y"),
        List.of(TensorInfo.floats(2)), List.of()).get(0));
    OrtException e = assertThrows(OrtException.class,
        () -> new InferenceSession(g.model("bad").toByteArray(), OrtSettings.cpu()));
    assertTrue(e.getMessage().contains("NoSuchOperator"), e.getMessage());
  }

  @Test
  void trainingInputsAndCheckpointsAreChecked() {
    ModelSpec spec = new ModelSpec("lenet", SyntheticImages.SHAPE, 4, 1);
    TrainingArtifacts artifacts =
        TrainingArtifacts.build(
            ModelZoo.create(spec), LossSpec.crossEntropy(4), TrainingConfig.adamW(1, 4, 1));
    expect("identifier", () -> new TrainingSession(artifacts, new byte[64], OrtSettings.cpu()));
    byte[] missingParameters =
        CheckpointWriter.write(List.of(new NamedTensor("other", new long[] {1}, new float[1])), List.of());
    assertThrows(RuntimeException.class,
        () -> new TrainingSession(artifacts, missingParameters, OrtSettings.cpu()).close());
    try (TrainingSession session =
            new TrainingSession(artifacts, artifacts.checkpoint(), OrtSettings.cpu());
        NativeTensor images = NativeTensor.floats(new float[4 * 256], 4, 1, 16, 16);
        NativeTensor wrongBatch = NativeTensor.floats(new float[3 * 256], 3, 1, 16, 16);
        NativeTensor labels = NativeTensor.longs(new long[4], 4);
        NativeTensor floatLabels = NativeTensor.floats(new float[4], 4);
        DropoutNoise none = session.dropoutNoise()) {
      session.trainStep(images, labels, none);
      expect("dimension 0", () -> session.trainStep(wrongBatch, labels, none));
      expect("element type", () -> session.trainStep(images, floatLabels, none));
      expect("element type", () -> session.scores(labels));
      expect("positive", () -> session.setLearningRate(Double.NaN));
    }
  }

  /**
   * cnn1's dropout noise inputs are checked like every other feed, and artifacts whose list of
   * noise inputs does not match their training model are refused before ONNX Runtime sees them.
   */
  @Test
  void dropoutNoiseIsChecked() {
    ModelSpec cnn = new ModelSpec("cnn1", new ImageShape(1, 23, 23), 4, 1);
    TrainingConfig config = TrainingConfig.adamW(1, 2, 1);
    TrainingArtifacts artifacts =
        TrainingArtifacts.build(ModelZoo.create(cnn), LossSpec.crossEntropy(4), config);
    assertEquals(List.of("m0.dropout1.noise", "m0.dropout2.noise"), artifacts.dropoutNoise());
    TrainingArtifacts undeclared =
        new TrainingArtifacts(
            artifacts.trainingModel(), artifacts.evalModel(), artifacts.optimizerModel(),
            artifacts.checkpoint(), artifacts.parameters(), List.of(), artifacts.batchSize());
    expect("step inputs", () -> new TrainingSession(undeclared, undeclared.checkpoint(),
        OrtSettings.cpu()));
    TrainingArtifacts lenet =
        TrainingArtifacts.build(
            ModelZoo.create(new ModelSpec("lenet", SyntheticImages.SHAPE, 4, 1)),
            LossSpec.crossEntropy(4), config);
    try (TrainingSession session =
            new TrainingSession(artifacts, artifacts.checkpoint(), OrtSettings.cpu());
        TrainingSession other = new TrainingSession(lenet, lenet.checkpoint(), OrtSettings.cpu());
        NativeTensor images = NativeTensor.floats(new float[2 * 23 * 23], 2, 1, 23, 23);
        NativeTensor labels = NativeTensor.longs(new long[2], 2);
        DropoutNoise noise = session.dropoutNoise();
        DropoutNoise none = other.dropoutNoise()) {
      assertEquals(artifacts.dropoutNoise(), List.copyOf(noise.tensors().keySet()));
      assertEquals(List.of(), List.copyOf(none.tensors().keySet()));
      noise.draw(1, 1, 0);
      assertTrue(Float.isFinite(session.trainStep(images, labels, noise).loss()));
      expect("missing input 'm0.dropout1.noise'", () -> session.trainStep(images, labels, none));
      try (NativeTensor lenetImages = NativeTensor.floats(new float[2 * 256], 2, 1, 16, 16)) {
        expect("unexpected input 'm0.dropout",
            () -> other.trainStep(lenetImages, labels, noise));
      }
    }
    GraphBuilder g = new GraphBuilder();
    g.input("symbolic", TensorInfo.floats(TensorInfo.BATCH, 3));
    g.input("counts", TensorInfo.longs(2, 3));
    g.output(g.identityNamed("symbolic", "out"));
    g.output(g.identityNamed("counts", "counted"));
    GraphSignature signature = GraphSignature.of(g.model("noise").toByteArray());
    expect("fixed dimensions", () -> new DropoutNoise(signature, List.of("symbolic")));
    expect("must be float", () -> new DropoutNoise(signature, List.of("counts")));
    expect("no input 'absent'", () -> new DropoutNoise(signature, List.of("absent")));
  }

  @Test
  void cudaIsAClearErrorWhereItIsMissing() {
    org.junit.jupiter.api.Assumptions.assumeFalse(OrtDevice.CUDA.isAvailable());
    UnsupportedOperationException e =
        assertThrows(UnsupportedOperationException.class,
            () -> new InferenceSession(reluModel(), new OrtSettings(OrtDevice.parse("cuda"), 2)));
    assertTrue(e.getMessage().contains("cuda") && e.getMessage().contains("missing"), e.getMessage());
    expect("unknown device", () -> OrtDevice.parse("tpu"));
  }

  private static void expect(String fragment, org.junit.jupiter.api.function.Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(fragment), "message '" + e.getMessage() + "' lacks '" + fragment + "'");
  }
}
