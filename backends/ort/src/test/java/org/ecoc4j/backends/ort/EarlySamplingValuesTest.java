package org.ecoc4j.backends.ort;

import static org.ecoc4j.backends.ort.GradientChecker.Input.floats;
import static org.ecoc4j.backends.ort.GradientChecker.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.backends.onnx.graph.EarlySampling;
import org.ecoc4j.backends.onnx.graph.FrozenScaleFolding;
import org.ecoc4j.backends.onnx.graph.Window;
import org.ecoc4j.backends.onnx.zoo.ModelZoo;
import org.ecoc4j.backends.onnx.zoo.ZooModel;
import org.junit.jupiter.api.Test;

/**
 * The sampling of strided 1x1 convolutions taken before the per-element operations that feed
 * them ({@link EarlySampling}, as every attack graph is built), through ONNX Runtime: a sampled
 * region's input gradient against finite differences, and resnet20v2's scores and input
 * gradients against the graph as built.
 */
class EarlySamplingValuesTest {

  private static final int C = 4;

  /**
   * A scale, a shift and an ELU before a strided 1x1 convolution of 2 x 2 strides, and the input
   * itself into another, on 7 x 7 (rows and columns the strides do not divide).
   */
  @Test
  void aSampledRegionMatchesFiniteDifferences() {
    new GradientChecker(1e-2, 5e-3, 1e-2, 64).check(
        List.of(floats("x", uniform(2 * C * 7 * 7, 1), 2, C, 7, 7)),
        g -> {
          Window strided = new Window(new long[] {1, 1}, new long[] {2, 2},
              new long[] {0, 0, 0, 0}, new long[] {1, 1});
          String s = g.constant("s", uniform(C, 2), 1, C, 1, 1);
          String w = g.constant("w", uniform(C * C, 3), C, C, 1, 1);
          String v = g.constant("v", uniform(C * C, 4), C, C, 1, 1);
          String main = g.conv(g.elu(g.add(g.mul("x", s), s), 1f), w, null, strided, 1);
          String shortcut = g.conv("x", v, g.constant("b", uniform(C, 5), C), strided, 1);
          assertEquals(3, EarlySampling.apply(g), "Mul, Add and Elu");
          return g.mul(main, g.tanh(shortcut));
        });
  }

  /**
   * resnet20v2 with its batch normalization folded (as attack graphs are built), sampled early
   * and as folded: scores and the gradient of {@code sum(scores * R)} with respect to the images
   * within float rounding of each other.
   */
  @Test
  void resnet20v2GivesTheScoresAndInputGradientsOfTheGraphAsBuilt() {
    ZooModel model = ModelZoo.create(new ModelSpec("resnet20v2", new ImageShape(3, 32, 32), 10, 1));
    NetworkGradients.assertWithinRounding(
        FrozenNetworks.run(model, FrozenScaleFolding::fold),
        FrozenNetworks.run(model, g -> {
          FrozenScaleFolding.fold(g);
          assertTrue(EarlySampling.apply(g) > 0, "something sampled early");
        }), "resnet20v2 sampled early");
  }
}
