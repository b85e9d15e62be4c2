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
import java.util.Optional;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.symbolic.BatchMixing;
import org.ecoc4j.api.symbolic.BlockMixing;
import org.ecoc4j.backends.onnx.autodiff.Differentiator;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;
import org.ecoc4j.backends.onnx.graph.TensorInfo;
import org.ecoc4j.backends.onnx.training.TrainingArtifacts;
import org.ecoc4j.backends.onnx.zoo.ModelZoo;
import org.ecoc4j.backends.onnx.zoo.ParameterInitializer;
import org.ecoc4j.backends.onnx.zoo.ParameterSpec;
import org.ecoc4j.backends.onnx.zoo.ZooModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Batch mixing around one block of lenet ({@link ModelSpec#blockMixing()}): the gradients with
 * respect to the images and every parameter agree with finite differences around each block, the
 * identity mixings change nothing, the rows are the block's mixed rows, and a block the
 * architecture does not declare is refused naming those it does.
 */
class BlockMixingTest {

  private static final ImageShape SHAPE = new ImageShape(1, 12, 12);
  /** Three activations into four coded ones. */
  private static final BatchMixing ENTERING =
      BatchMixing.of(
          new float[] {1, 0, 0, 0.5f, 0.5f, 0, 0, 0.25f, 0.75f, -0.2f, 0.4f, 0.8f}, 4, 3);
  /** Four block outputs back into two rows. */
  private static final BatchMixing LEAVING =
      BatchMixing.of(new float[] {0.3f, -0.6f, 0.9f, 0.1f, 0.7f, 0.2f, -0.4f, 0.5f}, 2, 4);

  @ParameterizedTest
  @ValueSource(strings = {"conv1", "conv2", "head"})
  void gradientsAroundEachBlockMatchFiniteDifferences(String block) {
    ModelSpec spec =
        new ModelSpec("lenet", SHAPE, 3, 2)
            .withBlockMixing(new BlockMixing(block, ENTERING, LEAVING));
    ZooModel model = ModelZoo.create(spec);
    List<GradientChecker.Input> inputs = new ArrayList<>();
    inputs.add(GradientChecker.Input.floats("images", uniform(3 * SHAPE.size(), 2), 3, 1, 12, 12));
    Map<String, float[]> values = ParameterInitializer.initialize(model.parameters(), 4);
    for (ParameterSpec p : model.parameters()) {
      inputs.add(GradientChecker.checkedParameter(p, values.get(p.name())));
    }
    // one sampled element of the 120 may disagree: a step of a bias moves a whole channel and can
    // swap the maximum of a pooling window (a kink), as GradientChecker's constructor explains
    new GradientChecker(Differentiator.standard(), 1e-3, 1e-2, 5e-2, 6, 1)
        .check(inputs, g -> {
          String scores = model.forward(g, "images", false).output();
          assertEquals(2, g.info(scores).dim(0), "the leaving mixing's rows");
          return scores;
        });
  }

  @ParameterizedTest
  @ValueSource(strings = {"conv1", "conv2", "head"})
  void identityMixingsGiveThePlainNetworksScores(String block) {
    BatchMixing identity = BatchMixing.of(new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, 3, 3);
    ModelSpec plain = new ModelSpec("lenet", SHAPE, 5, 1);
    float[] images = uniform(3 * SHAPE.size(), 3);
    float[] expected = scores(ModelZoo.create(plain), images);
    ZooModel mixed =
        ModelZoo.create(plain.withBlockMixing(new BlockMixing(block, identity, identity)));
    assertArrayEquals(expected, scores(mixed, images), 1e-6f);
  }

  /**
   * Around the head the outputs are the leaving matrix times the head's outputs on the entering
   * matrix times the flattened features: with the entering mixing a permutation and the leaving
   * one its inverse, the plain scores come back; with the leaving one the identity, the permuted
   * scores.
   */
  @Test
  void aroundTheHeadTheRowsAreMixedAsTheMatricesSay() {
    BatchMixing swap = BatchMixing.of(new float[] {0, 1, 0, 1, 0, 0, 0, 0, 1}, 3, 3);
    BatchMixing identity = BatchMixing.of(new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, 3, 3);
    ModelSpec plain = new ModelSpec("lenet", SHAPE, 5, 1);
    float[] images = uniform(3 * SHAPE.size(), 6);
    float[] expected = scores(ModelZoo.create(plain), images);
    float[] swapped =
        scores(ModelZoo.create(plain.withBlockMixing(new BlockMixing("head", swap, identity))),
            images);
    for (int c = 0; c < 5; c++) {
      assertEquals(expected[5 + c], swapped[c], 1e-6f);
      assertEquals(expected[c], swapped[5 + c], 1e-6f);
      assertEquals(expected[10 + c], swapped[10 + c], 1e-6f);
    }
    assertArrayEquals(expected,
        scores(ModelZoo.create(plain.withBlockMixing(new BlockMixing("head", swap, swap))),
            images), 1e-6f);
  }

  @Test
  void unknownBlocksAndBadMixingsAreRefusedNamingTheProblem() {
    ModelSpec spec = new ModelSpec("lenet", SHAPE, 5, 1)
        .withBlockMixing(new BlockMixing("conv3", ENTERING, LEAVING));
    ZooModel model = ModelZoo.create(spec);
    GraphBuilder g = new GraphBuilder();
    g.input("images", TensorInfo.floats(3, 1, 12, 12));
    IllegalArgumentException unknown =
        assertThrows(IllegalArgumentException.class, () -> model.forward(g, "images", false));
    assertTrue(unknown.getMessage().contains("no block 'conv3'"), unknown.getMessage());
    assertTrue(unknown.getMessage().contains("its blocks: conv1, conv2, head"),
        unknown.getMessage());
    ZooModel wrongBatch = ModelZoo.create(new ModelSpec("lenet", SHAPE, 5, 1)
        .withBlockMixing(new BlockMixing("conv2", ENTERING, LEAVING)));
    IllegalArgumentException training =
        assertThrows(IllegalArgumentException.class,
            () -> TrainingArtifacts.build(
                wrongBatch, LossSpec.crossEntropy(5), TrainingConfig.adamW(1, 8, 1)));
    assertTrue(training.getMessage().contains("got 8 samples"), training.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new BlockMixing(" ", ENTERING, LEAVING));
    IllegalArgumentException chain =
        assertThrows(IllegalArgumentException.class,
            () -> new BlockMixing("conv1", ENTERING, ENTERING));
    assertTrue(chain.getMessage().contains("takes 3"), chain.getMessage());
    IllegalArgumentException both =
        assertThrows(IllegalArgumentException.class,
            () -> new ModelSpec("lenet", SHAPE, 5, 1, Optional.of(ENTERING),
                Optional.of(new BlockMixing("conv1", ENTERING, LEAVING))));
    assertTrue(both.getMessage().contains("not both"), both.getMessage());
  }

  /** The training model takes K images and gives the leaving mixing's rows. */
  @Test
  void theTrainingModelGivesTheLeavingMixingsRows() throws Exception {
    ModelSpec spec = new ModelSpec("lenet", SHAPE, 5, 1)
        .withBlockMixing(new BlockMixing("conv2", ENTERING, LEAVING));
    BatchMixing firstTwo = BatchMixing.of(new float[] {1, 0, 0, 0, 1, 0}, 2, 3);
    BatchMixing pad = BatchMixing.of(new float[] {1, 0, 0, 1, 0, 0}, 3, 2);
    LossSpec loss =
        LossSpec.crossEntropy(5)
            .withTermLoss("cross-entropy of two rows", t -> t.mixRows(pad, t.neg(t.rowSum(
                t.mul(t.mixRows(firstTwo, t.labels()), t.logSoftmax(t.outputs()))))));
    TrainingArtifacts artifacts =
        TrainingArtifacts.build(ModelZoo.create(spec), loss, TrainingConfig.adamW(1, 3, 1));
    ModelProto training = ModelProto.parseFrom(artifacts.trainingModel());
    ai.onnx.proto.OnnxMl.ValueInfoProto scores =
        training.getGraph().getOutputList().stream()
            .filter(o -> o.getName().equals(TrainingArtifacts.SCORES)).findFirst().orElseThrow();
    assertEquals(2, scores.getType().getTensorType().getShape().getDim(0).getDimValue());
  }

  private static float[] scores(ZooModel model, float[] images) {
    GraphBuilder g = new GraphBuilder();
    g.input("images", TensorInfo.floats(3, 1, 12, 12));
    Map<String, float[]> values = ParameterInitializer.initialize(model.parameters(), 5);
    for (ParameterSpec p : model.parameters()) {
      g.namedConstant(p.name(), values.get(p.name()), p.dims());
    }
    g.output(g.identityNamed(model.forward(g, "images", false).output(), "scores"));
    try (InferenceSession session =
            new InferenceSession(g.model("scores").toByteArray(), OrtSettings.cpu());
        NativeTensor input = NativeTensor.floats(images, new long[] {3, 1, 12, 12})) {
      return session.run(Map.of("images", input), List.of("scores")).get(0).values();
    }
  }
}
