package org.ecoc4j.backends.ort;

import static org.ecoc4j.backends.ort.GradientChecker.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.symbolic.BatchMixing;
import org.ecoc4j.backends.onnx.autodiff.Differentiator;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;
import org.ecoc4j.backends.onnx.graph.TensorInfo;
import org.ecoc4j.backends.onnx.training.OptimizerSpec;
import org.ecoc4j.backends.onnx.training.TrainingArtifacts;
import org.ecoc4j.backends.onnx.zoo.ModelZoo;
import org.ecoc4j.backends.onnx.zoo.ParameterInitializer;
import org.ecoc4j.backends.onnx.zoo.ParameterSpec;
import org.ecoc4j.backends.onnx.zoo.ZooModel;
import org.junit.jupiter.api.Test;

/**
 * A batch-mixing step in front of the network ({@link ModelSpec#inputMixing()}): the mixed images
 * are {@code E x}, the gradient with respect to the images agrees with finite differences through
 * a whole lenet, the identity mixing changes nothing, and batches of another size are refused.
 */
class InputMixingTest {

  private static final ImageShape SHAPE = new ImageShape(1, 12, 12);
  /** Three images into four coded ones (rows of a coded-smoothing-like encoder). */
  private static final BatchMixing ENCODER =
      BatchMixing.of(
          new float[] {1, 0, 0, 0.5f, 0.5f, 0, 0, 0.25f, 0.75f, -0.2f, 0.4f, 0.8f}, 4, 3);

  @Test
  void mixedImagesAreTheMatrixTimesTheBatch() {
    GraphBuilder g = new GraphBuilder();
    g.input("images", TensorInfo.floats(3, 1, 2, 2));
    String mixed = g.mixBatch("images", ENCODER);
    assertArrayEquals(new long[] {4, 1, 2, 2}, g.info(mixed).dims());
    g.output(g.identityNamed(mixed, "mixed"));
    float[] x = uniform(12, 1);
    float[] y = run(g.model("mix"), x, new long[] {3, 1, 2, 2}, "mixed");
    float[] e = ENCODER.matrix();
    for (int i = 0; i < 4; i++) {
      for (int p = 0; p < 4; p++) {
        float expected = 0;
        for (int k = 0; k < 3; k++) {
          expected += e[i * 3 + k] * x[k * 4 + p];
        }
        assertEquals(expected, y[i * 4 + p], 1e-6f, "coded image " + i + ", pixel " + p);
      }
    }
  }

  @Test
  void inputGradientThroughMixingAndLenetMatchesFiniteDifferences() {
    ModelSpec spec = new ModelSpec("lenet", SHAPE, 5, 1).withInputMixing(ENCODER);
    ZooModel model = ModelZoo.create(spec);
    List<GradientChecker.Input> inputs = new ArrayList<>();
    inputs.add(GradientChecker.Input.floats("images", uniform(3 * SHAPE.size(), 2), 3, 1, 12, 12));
    Map<String, float[]> values = ParameterInitializer.initialize(model.parameters(), 4);
    for (ParameterSpec p : model.parameters()) {
      inputs.add(GradientChecker.Input.frozen(p.name(), values.get(p.name()), p.dims()));
    }
    new GradientChecker(1e-3, 1e-2, 5e-2, 32)
        .check(inputs, g -> {
          String scores = model.forward(g, "images", false).output();
          assertEquals(4, g.info(scores).dim(0), "one row of scores per coded image");
          return scores;
        });
  }

  @Test
  void identityMixingGivesThePlainNetworksScores() {
    BatchMixing identity = BatchMixing.of(new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, 3, 3);
    ModelSpec plain = new ModelSpec("lenet", SHAPE, 5, 1);
    float[] images = uniform(3 * SHAPE.size(), 3);
    float[] expected = scores(ModelZoo.create(plain), images);
    float[] mixed = scores(ModelZoo.create(plain.withInputMixing(identity)), images);
    assertArrayEquals(expected, mixed, 1e-6f);
  }

  @Test
  void batchesOfAnotherSizeAreRefused() {
    ZooModel model = ModelZoo.create(new ModelSpec("lenet", SHAPE, 5, 1).withInputMixing(ENCODER));
    GraphBuilder symbolic = new GraphBuilder();
    symbolic.input("images", TensorInfo.floats(TensorInfo.BATCH, 1, 12, 12));
    IllegalArgumentException any =
        assertThrows(IllegalArgumentException.class, () -> model.forward(symbolic, "images", false));
    assertTrue(any.getMessage().contains("exactly 3"), any.getMessage());
    GraphBuilder five = new GraphBuilder();
    five.input("images", TensorInfo.floats(5, 1, 12, 12));
    IllegalArgumentException wrong =
        assertThrows(IllegalArgumentException.class, () -> model.forward(five, "images", false));
    assertTrue(wrong.getMessage().contains("got 5 samples"), wrong.getMessage());
    IllegalArgumentException training =
        assertThrows(
            IllegalArgumentException.class,
            () -> TrainingArtifacts.build(model, LossSpec.crossEntropy(5),
                TrainingConfig.adamW(1, 8, 1)));
    assertTrue(training.getMessage().contains("got 8 samples"), training.getMessage());
    assertThrows(IllegalArgumentException.class, () -> BatchMixing.of(new float[5], 2, 3));
    assertThrows(IllegalArgumentException.class, () -> BatchMixing.of(new float[0], 0, 3));
    assertThrows(
        IllegalArgumentException.class,
        () -> BatchMixing.of(new float[] {Float.POSITIVE_INFINITY}, 1, 1));
  }

  /** A square mixing trains with a built-in loss; the eval model takes exactly K images. */
  @Test
  void artifactsOfAMixedModelHaveAFixedBatch() throws Exception {
    BatchMixing swap = BatchMixing.of(new float[] {0, 1, 1, 0}, 2, 2);
    ZooModel model = ModelZoo.create(new ModelSpec("lenet", SHAPE, 5, 1).withInputMixing(swap));
    TrainingArtifacts artifacts =
        TrainingArtifacts.build(model, LossSpec.crossEntropy(5), TrainingConfig.adamW(1, 2, 1));
    ModelProto eval = ModelProto.parseFrom(artifacts.evalModel());
    assertEquals(
        2, eval.getGraph().getInput(0).getType().getTensorType().getShape().getDim(0).getDimValue());
  }

  /**
   * A network trained on mixed batches and deployed plain (a training stage's batch mixing): the
   * training model takes the mixing's K images and gives N rows of scores, the eval model takes
   * batches of any size; models with other parameters are refused.
   */
  @Test
  void aModelTrainedOnMixedBatchesIsEvaluatedPlain() throws Exception {
    ModelSpec plain = new ModelSpec("lenet", SHAPE, 5, 1);
    ZooModel deployed = ModelZoo.create(plain);
    ZooModel trained = ModelZoo.create(plain.withInputMixing(ENCODER));
    BatchMixing back = BatchMixing.of(new float[] {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0.5f, 0.5f}, 3, 4);
    LossSpec decoded =
        LossSpec.crossEntropy(5)
            .withTermLoss("cross-entropy of decoded rows", t -> t.neg(t.rowSum(
                t.mul(t.labels(), t.logSoftmax(t.mixRows(back, t.outputs()))))));
    TrainingArtifacts artifacts =
        TrainingArtifacts.build(trained, deployed, decoded,
            TrainingConfig.adamW(1, 3, 1), OptimizerSpec.adamW(TrainingConfig.adamW(1, 3, 1)),
            Differentiator.standard());
    assertEquals(3, artifacts.batchSize());
    ModelProto eval = ModelProto.parseFrom(artifacts.evalModel());
    assertTrue(
        eval.getGraph().getInput(0).getType().getTensorType().getShape().getDim(0)
            .hasDimParam(), "the eval model's batch is symbolic");
    ModelProto training = ModelProto.parseFrom(artifacts.trainingModel());
    ai.onnx.proto.OnnxMl.ValueInfoProto scores =
        training.getGraph().getOutputList().stream()
            .filter(o -> o.getName().equals(TrainingArtifacts.SCORES)).findFirst().orElseThrow();
    assertEquals(4, scores.getType().getTensorType().getShape().getDim(0).getDimValue(),
        "one row of scores per mixed image");
    ZooModel wider = ModelZoo.create(new ModelSpec("lenet", SHAPE, 6, 1));
    IllegalArgumentException other =
        assertThrows(IllegalArgumentException.class,
            () -> TrainingArtifacts.build(trained, wider, LossSpec.crossEntropy(5),
                TrainingConfig.adamW(1, 3, 1), OptimizerSpec.adamW(TrainingConfig.adamW(1, 3, 1)),
                Differentiator.standard()));
    assertTrue(other.getMessage().contains("different parameters"), other.getMessage());
  }

  private static float[] scores(ZooModel model, float[] images) {
    GraphBuilder g = new GraphBuilder();
    g.input("images", TensorInfo.floats(3, 1, 12, 12));
    Map<String, float[]> values = ParameterInitializer.initialize(model.parameters(), 5);
    for (ParameterSpec p : model.parameters()) {
      g.namedConstant(p.name(), values.get(p.name()), p.dims());
    }
    g.output(g.identityNamed(model.forward(g, "images", false).output(), "scores"));
    return run(g.model("scores"), images, new long[] {3, 1, 12, 12}, "scores");
  }

  private static float[] run(ModelProto model, float[] images, long[] dims, String output) {
    try (InferenceSession session = new InferenceSession(model.toByteArray(), OrtSettings.cpu());
        NativeTensor input = NativeTensor.floats(images, dims)) {
      return session.run(Map.of("images", input), List.of(output)).get(0).values();
    }
  }
}
