package org.ecoc4j.backends.ort;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.plugin.InvalidOptionException;
import org.ecoc4j.backends.onnx.training.NamedTensor;
import org.ecoc4j.backends.onnx.training.OptimizerSpec;
import org.ecoc4j.backends.onnx.training.TrainingArtifacts;
import org.ecoc4j.backends.onnx.zoo.ModelZoo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The backend option {@code conv-layout}: its values, where {@code nchwc} is refused, and that a
 * training session in ONNX Runtime's NCHWc layout trains as the plain one does.
 */
class ConvLayoutTest {

  private static final ImageShape RGB = new ImageShape(3, 32, 32);

  @Test
  void parsesItsValuesAndRefusesOthersNamingThem() {
    assertEquals(ConvLayout.NCHWC, ConvLayout.parse(" NCHWc "));
    assertEquals(List.of("auto", "nchw", "nchwc"), List.of(ConvLayout.labels()));
    assertEquals(ConvLayout.AUTO, OrtSettings.cpu().convLayout());
    assertEquals(ConvLayout.NCHW, OrtSettings.cpu().withConvLayout(ConvLayout.NCHW).convLayout());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ConvLayout.parse("nhwc"));
    assertTrue(e.getMessage().contains("'nhwc'") && e.getMessage().contains("nchwc"),
        e.getMessage());
  }

  @Test
  void cudaKeepsTheGraphAndRefusesNchwc() {
    byte[] model = {1, 2, 3};
    assertSame(model, ConvLayout.AUTO.trainingModel(model, OrtDevice.CUDA));
    assertSame(model, ConvLayout.NCHW.trainingModel(model, OrtDevice.CUDA));
    assertSame(model, ConvLayout.NCHW.trainingModel(model, OrtDevice.CPU));
    UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
        () -> ConvLayout.NCHWC.trainingModel(model, OrtDevice.CUDA));
    assertTrue(e.getMessage().contains("'cuda'"), e.getMessage());
    InvalidOptionException option = assertThrows(InvalidOptionException.class,
        () -> OrtBackend.settings(Map.of("conv-layout", "blocked")));
    assertTrue(option.getMessage().contains("conv-layout")
        && option.getMessage().contains("nchwc"), option.getMessage());
  }

  @Test
  void theProbedBlockIsOneMlasUses() {
    NchwcBlock block = NchwcBlock.detected();
    if (block.available()) {
      assertTrue(block.size() == 8 || block.size() == 16, "block " + block.size());
      assertEquals(ConvLayout.NCHWC, OrtBackend.settings(
          Map.of("conv-layout", "nchwc")).convLayout());
    } else {
      assertEquals(0, block.size());
      InvalidOptionException e = assertThrows(InvalidOptionException.class,
          () -> OrtBackend.settings(Map.of("conv-layout", "nchwc")));
      assertTrue(e.getMessage().contains(block.unavailable()), e.getMessage());
    }
  }

  /**
   * The same artifacts trained a few steps in both layouts (16 and 38 convolutions of the GEMM
   * rule's cnn1 and resnet20v2 rewritten; with the weight gradients as correlations, those too,
   * and resnet20v2's four strided 1x1 kernels' input gradients as 1x1 convolutions):
   * the first losses agree to rounding and
   * the later ones, the trained parameters and the scores stay as close as rounding lets them
   * (AdamW divides by the root of the second moment, which carries a rounding difference of a
   * gradient near zero into a step of up to the learning rate).
   */
  @ParameterizedTest
  @CsvSource({
    "cnn1, 8, nchw, 16", "resnet20v2, 4, nchw, 38", "cnn1, 16, nchwc, 25",
    "resnet20v2, 16, nchwc, 49"})
  void trainsAsTheConvolutionsAsBuiltDo(
      String architecture, int batch, String graphsFor, int rewritten) {
    NchwcBlock block = NchwcBlock.detected();
    assumeTrue(block.available(), () -> "no NCHWc kernels here: " + block.unavailable());
    assumeTrue(16 % block.size() == 0, "batch 16 fills the blocks");
    ModelSpec spec = new ModelSpec(architecture, RGB, 4, 1);
    TrainingConfig config = TrainingConfig.adamW(1, batch, 5);
    OrtSettings plain = OrtSettings.cpu().withConvLayout(ConvLayout.NCHW);
    // the graphs of the GEMM rule (as built for nchw), or with the weight gradients as
    // correlations (as built for nchwc at a batch that fills blocks)
    TrainingArtifacts artifacts = TrainingArtifacts.build(ModelZoo.create(spec),
        LossSpec.crossEntropy(4), config, OptimizerSpec.adamW(config),
        OrtTrainingEngine.differentiator(
            OrtSettings.cpu().withConvLayout(ConvLayout.parse(graphsFor))));
    assertEquals(rewritten,
        new NchwcConvRewrite(block.size()).apply(artifacts.trainingModel()).convolutions());
    SplittableRandom random = new SplittableRandom(11);
    float[] images = new float[batch * RGB.size()];
    for (int i = 0; i < images.length; i++) {
      images[i] = (float) random.nextDouble();
    }
    long[] labels = new long[batch];
    for (int i = 0; i < batch; i++) {
      labels[i] = i % 4;
    }
    Trained a = train(artifacts, plain, images, labels);
    Trained b = train(artifacts, plain.withConvLayout(ConvLayout.NCHWC), images, labels);
    assertEquals(a.losses[0], b.losses[0], 1e-5 * Math.abs(a.losses[0]), "first loss");
    for (int step = 1; step < a.losses.length; step++) {
      assertEquals(a.losses[step], b.losses[step], 1e-3 * Math.abs(a.losses[step]),
          "loss of step " + step);
    }
    assertTrue(a.losses[a.losses.length - 1] < a.losses[0], "the steps train");
    for (int i = 0; i < a.parameters.size(); i++) {
      NamedTensor p = a.parameters.get(i);
      NamedTensor q = b.parameters.get(i);
      assertEquals(p.name(), q.name());
      // at most the steps' learning rate (AdamW moves each weight by at most about lr a step)
      assertArrayEquals(p.values(), q.values(), 4 * 1e-3f * STEPS, p.name());
    }
    float largest = 0;
    for (float v : a.scores) {
      largest = Math.max(largest, Math.abs(v));
    }
    assertArrayEquals(a.scores, b.scores, 0.05f * largest, "scores after training");
  }

  private static final int STEPS = 4;

  private record Trained(float[] losses, List<NamedTensor> parameters, float[] scores) {}

  private static Trained train(
      TrainingArtifacts artifacts, OrtSettings settings, float[] images, long[] labels) {
    int batch = labels.length;
    float[] losses = new float[STEPS];
    try (TrainingSession session =
            new TrainingSession(artifacts, artifacts.checkpoint(), settings);
        NativeTensor x = NativeTensor.floats(images, batch, 3, 32, 32);
        NativeTensor y = NativeTensor.longs(labels, batch);
        DropoutNoise noise = session.dropoutNoise()) {
      session.setLearningRate(1e-3);
      for (int step = 0; step < STEPS; step++) {
        noise.draw(3, 1, step);
        losses[step] = session.trainStep(x, y, noise).loss();
        session.optimizerStep();
        session.lazyResetGrad();
      }
      return new Trained(losses, session.parameters().trainable(), session.scores(x).values());
    }
  }
}
