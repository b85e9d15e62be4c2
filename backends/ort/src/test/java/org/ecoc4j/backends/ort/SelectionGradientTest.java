package org.ecoc4j.backends.ort;

import static org.ecoc4j.backends.ort.GradientChecker.Input.floats;
import static org.ecoc4j.backends.ort.GradientChecker.distinct;
import static org.ecoc4j.backends.ort.GradientChecker.uniform;

import java.util.List;
import org.ecoc4j.backends.onnx.autodiff.Differentiator;
import org.junit.jupiter.api.Test;

/**
 * The gradient rules the CNN1/CNN2 and DenseNet-BC models added (Split, end-padded MaxPool, 2x2
 * average pooling from Reshape and ReduceMean) and their dropout with fixed noise, run through
 * ONNX Runtime.
 */
class SelectionGradientTest {

  private final GradientChecker checker = GradientChecker.forOperators();

  @Test
  void splitWithAnOutputNoGradientReaches() {
    checker.check(
        List.of(floats("x", uniform(3 * 6 * 2, 81), 3, 6, 2)),
        g -> {
          List<String> parts = g.split("x", 1, 2, 2, 2);
          return g.add(g.tanh(parts.get(0)), g.mul(parts.get(2), parts.get(2)));
        });
  }

  /**
   * With its noise fixed, dropout is linear in x: the gradient is the output gradient where the
   * noise exceeds the ratio, times 1 / (1 - ratio), and zero elsewhere. A tanh after it makes the
   * output gradient vary; the noise (an input, not differentiated) drops about half the elements.
   */
  @Test
  void dropoutWithFixedNoise() {
    float[] noise = uniform(4 * 5 * 3 * 3, 82);
    for (int i = 0; i < noise.length; i++) {
      noise[i] = (noise[i] + 1) / 2;
    }
    checker.check(
        List.of(
            floats("x", uniform(4 * 5 * 3 * 3, 83), 4, 5, 3, 3),
            GradientChecker.Input.frozen("noise", noise, 4, 5, 3, 3)),
        g -> g.tanh(g.dropout("x", "noise", 0.5f)));
  }

  @Test
  void endPaddedMaxPoolWithMaxPoolGrad() {
    checker.check(
        List.of(floats("x", distinct(2 * 2 * 5 * 5, 84, 0.05), 2, 2, 5, 5)),
        g -> g.maxPool("x", 2, 2, 1).output());
  }

  @Test
  void endPaddedStrideOneMaxPoolWithMaxPoolGrad() {
    checker.check(
        List.of(floats("x", distinct(2 * 2 * 4 * 4, 87, 0.05), 2, 2, 4, 4)),
        g -> g.maxPool("x", 2, 1, 1).output());
  }

  @Test
  void endPaddedStrideOneMaxPoolByScatter() {
    new GradientChecker(Differentiator.portable(), 1e-2, 5e-3, 1e-2, 64)
        .check(
            List.of(floats("x", distinct(2 * 2 * 4 * 4, 85, 0.05), 2, 2, 4, 4)),
            g -> g.maxPool("x", 2, 1, 1).output());
  }

  @Test
  void averagePoolingFromReshapeAndReduceMean() {
    checker.check(
        List.of(floats("x", uniform(2 * 3 * 4 * 6, 86), 2, 3, 4, 6)),
        g -> g.reduceMean(g.reshape("x", 0, 3, 2, 2, 3, 2), false, 3, 5));
  }
}
