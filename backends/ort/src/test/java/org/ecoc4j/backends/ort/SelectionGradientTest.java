package org.ecoc4j.backends.ort;

import static org.ecoc4j.backends.ort.GradientChecker.Input.floats;
import static org.ecoc4j.backends.ort.GradientChecker.distinct;
import static org.ecoc4j.backends.ort.GradientChecker.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.ecoc4j.backends.onnx.autodiff.Differentiator;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;
import org.ecoc4j.backends.onnx.graph.TensorInfo;
import org.junit.jupiter.api.Test;

/**
 * The gradient rules the CNN1/CNN2 and DenseNet-BC models added (Split, Dropout, end-padded
 * MaxPool, 2x2 average pooling from Reshape and ReduceMean), run through ONNX Runtime.
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
   * A dropout's mask is drawn anew on every run, so finite differences cannot see it; for the
   * mask of one run the loss is linear in the input, and the gradient must be the loss weights
   * where the mask kept an element, scaled by 1 / (1 - ratio), and zero elsewhere.
   */
  @Test
  void dropoutPassesTheGradientWhereTheMaskKept() {
    int n = 4000;
    float ratio = 0.3f;
    float[] x = uniform(n, 82);
    float[] weights = uniform(n, 83);
    GraphBuilder g = new GraphBuilder();
    g.input("x", TensorInfo.floats(4, n / 4));
    GraphBuilder.Dropped dropped = g.dropout("x", ratio, 7);
    String loss =
        g.reduceSum(g.mul(dropped.output(), g.constant("w", weights, 4, n / 4)), false);
    Map<String, String> grads =
        Differentiator.standard().differentiate(g, loss, List.of("x"), k -> k + "_gradient");
    g.output(g.identityNamed(dropped.output(), "y"));
    g.output(g.identityNamed(
        g.where(dropped.mask(), g.scalar("one", 1f), g.scalar("zero", 0f)), "kept"));
    g.output(grads.get("x"));
    try (InferenceSession session =
            new InferenceSession(g.model("dropout").toByteArray(), OrtSettings.cpu());
        NativeTensor input = NativeTensor.floats(x, 4, n / 4)) {
      List<HostTensor> out =
          session.run(Map.of("x", input), List.of("y", "kept", grads.get("x")));
      float[] y = out.get(0).values();
      float[] kept = out.get(1).values();
      float[] dx = out.get(2).values();
      int keptCount = 0;
      float scale = 1f / (1f - ratio);
      for (int i = 0; i < n; i++) {
        keptCount += (int) kept[i];
        assertEquals(kept[i] * x[i] * scale, y[i], 1e-6, "output " + i);
        assertEquals(kept[i] * weights[i] * scale, dx[i], 1e-6, "gradient " + i);
      }
      double expected = n * (1 - ratio);
      double sigma = Math.sqrt(n * ratio * (1 - ratio));
      assertTrue(Math.abs(keptCount - expected) < 5 * sigma, "kept " + keptCount + " of " + n);
    }
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
