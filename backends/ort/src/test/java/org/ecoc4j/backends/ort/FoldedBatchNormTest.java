package org.ecoc4j.backends.ort;

import static org.ecoc4j.backends.ort.GradientChecker.Input.floats;
import static org.ecoc4j.backends.ort.GradientChecker.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.backends.onnx.graph.FrozenScaleFolding;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;
import org.ecoc4j.backends.onnx.graph.TensorInfo;
import org.ecoc4j.backends.onnx.graph.Window;
import org.ecoc4j.backends.onnx.zoo.ModelZoo;
import org.ecoc4j.backends.onnx.zoo.ZooModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Inference-mode batch normalization folded into the convolution before it ({@link
 * FrozenScaleFolding}, as every attack graph is built): the folded graph's input gradient against
 * finite differences, and whole networks' scores and input gradients against the graphs as built,
 * with batch normalization statistics far from their initial values.
 */
class FoldedBatchNormTest {

  private static final int C = 4;

  /** A plain and a depthwise convolution of constants, each followed by batch normalization. */
  @Test
  void foldedConvolutionsMatchFiniteDifferences() {
    new GradientChecker(1e-2, 5e-3, 1e-2, 64).check(
        List.of(floats("x", uniform(2 * C * 6 * 6, 1), 2, C, 6, 6)),
        g -> {
          String w = g.constant("w", uniform(C * C * 9, 2), C, C, 3, 3);
          String b = g.constant("b", uniform(C, 3), C);
          String depthwise = g.constant("depthwise", uniform(C * 9, 4), C, 1, 3, 3);
          Window same = new Window(new long[] {3, 3}, new long[] {1, 1},
              new long[] {1, 1, 1, 1}, new long[] {1, 1});
          String y = g.tanh(batchNorm(g, g.conv("x", w, b, 1, 1), 5));
          String z = batchNorm(g, g.conv(y, depthwise, null, same, C), 6);
          assertEquals(4, FrozenScaleFolding.fold(g), "two scales and two shifts");
          return g.mul(z, y);
        });
  }

  /** Batch normalization of {@code x} with seeded statistics far from 0 and 1. */
  private static String batchNorm(GraphBuilder g, String x, long seed) {
    float[] variances = uniform(C, seed);
    for (int i = 0; i < C; i++) {
      variances[i] = 0.2f + variances[i] * variances[i];
    }
    return g.batchNormInference(x, g.constant("scale", shifted(uniform(C, seed + 1), 1.2f), C),
        g.constant("shift", uniform(C, seed + 2), C), g.constant("mean", uniform(C, seed + 3), C),
        g.constant("var", variances, C), 1e-5f);
  }

  private static float[] shifted(float[] values, float by) {
    for (int i = 0; i < values.length; i++) {
      values[i] += by;
    }
    return values;
  }

  /**
   * A network with its parameters frozen, folded and as built: scores and the gradient of {@code
   * sum(scores * R)} with respect to the images within float rounding of each other.
   */
  @ParameterizedTest
  @ValueSource(strings = {"cnn1", "resnet20v2", "resnet32"})
  void aFoldedNetworkGivesTheScoresAndInputGradientsOfTheGraphAsBuilt(String architecture) {
    ZooModel model =
        ModelZoo.create(new ModelSpec(architecture, new ImageShape(3, 32, 32), 10, 1));
    NetworkGradients.assertWithinRounding(FrozenNetworks.run(model, g -> { }),
        FrozenNetworks.run(model, g -> assertTrue(FrozenScaleFolding.fold(g) > 0,
            "something folded")), architecture + " folded");
  }
}
