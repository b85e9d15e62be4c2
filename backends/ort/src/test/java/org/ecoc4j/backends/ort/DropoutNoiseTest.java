package org.ecoc4j.backends.ort;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;
import org.ecoc4j.backends.onnx.graph.TensorInfo;
import org.junit.jupiter.api.Test;

/**
 * Dropout as the training graphs build it (Greater, Cast and Mul on a noise input) fed by {@link
 * DropoutNoise}, through ONNX Runtime: two layers drop all-ones inputs of 20,000 elements, so
 * each output element is either 0 or {@code 1 / (1 - ratio)} and shows the mask; and on chosen
 * noise, the exact values.
 */
class DropoutNoiseTest {

  private static final float RATIO = 0.2f;
  private static final long[] DIMS = {8, 4, 25, 25};
  private static final int N = 8 * 4 * 25 * 25;
  private static final List<String> LAYERS = List.of("first", "second");

  private static byte[] model() {
    GraphBuilder g = new GraphBuilder();
    g.input("x", TensorInfo.floats(DIMS));
    for (String layer : LAYERS) {
      g.input(layer, TensorInfo.floats(DIMS));
      g.output(g.identityNamed(g.dropout("x", layer, RATIO), layer + "_out"));
    }
    return g.model("dropout").toByteArray();
  }

  /** Runs the model on the noise of one step; the masks of both layers. */
  private static boolean[][] masks(
      InferenceSession session, NativeTensor ones, DropoutNoise noise, long seed, int epoch,
      int batch) {
    noise.draw(seed, epoch, batch);
    Map<String, NativeTensor> feeds = new HashMap<>(noise.tensors());
    feeds.put("x", ones);
    List<HostTensor> out =
        session.run(feeds, LAYERS.stream().map(layer -> layer + "_out").toList());
    float kept = 1f / (1f - RATIO);
    boolean[][] masks = new boolean[LAYERS.size()][N];
    for (int layer = 0; layer < masks.length; layer++) {
      float[] y = out.get(layer).values();
      for (int i = 0; i < N; i++) {
        masks[layer][i] = y[i] != 0f;
        if (masks[layer][i]) {
          assertEquals(kept, y[i], "kept element " + i + " of " + LAYERS.get(layer));
        }
      }
    }
    return masks;
  }

  private static int count(boolean[] mask) {
    int n = 0;
    for (boolean b : mask) {
      n += b ? 1 : 0;
    }
    return n;
  }

  private static int differences(boolean[] a, boolean[] b) {
    int n = 0;
    for (int i = 0; i < a.length; i++) {
      n += a[i] != b[i] ? 1 : 0;
    }
    return n;
  }

  /** Asserts that {@code observed} is within 5 standard deviations of Binomial(N, p)'s mean. */
  private static void assertBinomial(int observed, double p, String what) {
    double mean = N * p;
    double sigma = Math.sqrt(N * p * (1 - p));
    assertTrue(
        Math.abs(observed - mean) < 5 * sigma,
        what + ": " + observed + " of " + N + ", expected " + mean + " +- " + 5 * sigma);
  }

  private static void withSession(Check check) {
    byte[] model = model();
    float[] ones = new float[N];
    Arrays.fill(ones, 1f);
    try (InferenceSession session = new InferenceSession(model, OrtSettings.cpu());
        NativeTensor x = NativeTensor.floats(ones, DIMS);
        DropoutNoise noise = new DropoutNoise(GraphSignature.of(model), LAYERS)) {
      check.run(session, x, noise);
    }
  }

  /** A check on a session, its all-ones input and the noise of both layers. */
  private interface Check {
    void run(InferenceSession session, NativeTensor ones, DropoutNoise noise);
  }

  @Test
  void eachLayerKeepsElementsAtOneMinusTheRatio() {
    withSession((session, ones, noise) -> {
      for (int batch = 0; batch < 3; batch++) {
        boolean[][] masks = masks(session, ones, noise, 11, 1, batch);
        for (int layer = 0; layer < masks.length; layer++) {
          assertBinomial(
              count(masks[layer]), 1 - RATIO, "kept by " + LAYERS.get(layer) + ", batch " + batch);
        }
      }
    });
  }

  /**
   * Another batch, epoch, seed or layer draws an independent mask (the two masks differ where
   * one keeps and the other drops: probability 2 ratio (1 - ratio)); the same step draws the same
   * masks again.
   */
  @Test
  void masksDependOnTheStepAndTheLayerOnly() {
    withSession((session, ones, noise) -> {
      boolean[][] base = masks(session, ones, noise, 11, 2, 5);
      boolean[][] again = masks(session, ones, noise, 11, 2, 5);
      assertArrayEquals(base[0], again[0]);
      assertArrayEquals(base[1], again[1]);
      double differ = 2 * RATIO * (1 - RATIO);
      assertBinomial(differences(base[0], base[1]), differ, "layers differ");
      assertBinomial(
          differences(base[0], masks(session, ones, noise, 11, 2, 6)[0]), differ,
          "batches differ");
      assertBinomial(
          differences(base[0], masks(session, ones, noise, 11, 3, 5)[0]), differ,
          "epochs differ");
      assertBinomial(
          differences(base[0], masks(session, ones, noise, 12, 2, 5)[0]), differ,
          "seeds differ");
    });
  }

  /**
   * Each element is {@code x * (noise > ratio ? 1 / (1 - ratio) : 0)} bit for bit, the values of
   * the {@code Where} that built the mask before: noise at the ratio drops, the next float above
   * keeps, and a dropped negative element is -0, as {@code x * 0} is.
   */
  @Test
  void keepsExactlyWhereTheNoiseExceedsTheRatio() {
    float[] noise = {0f, RATIO, Math.nextUp(RATIO), Math.nextDown(RATIO), 0.5f, 0.99999994f,
        RATIO, 0.7f};
    float[] x = {1.5f, -2f, -2f, 3f, -0.25f, 1e-30f, 7f, Float.MIN_VALUE};
    GraphBuilder g = new GraphBuilder();
    g.input("x", TensorInfo.floats(2, 4));
    g.input("noise", TensorInfo.floats(2, 4));
    g.output(g.identityNamed(g.dropout("x", "noise", RATIO), "y"));
    float kept = 1f / (1f - RATIO);
    try (InferenceSession session =
            new InferenceSession(g.model("dropout").toByteArray(), OrtSettings.cpu());
        NativeTensor xs = NativeTensor.floats(x, 2, 4);
        NativeTensor ns = NativeTensor.floats(noise, 2, 4)) {
      float[] y = session.run(Map.of("x", xs, "noise", ns), List.of("y")).get(0).values();
      for (int i = 0; i < x.length; i++) {
        float expected = x[i] * (noise[i] > RATIO ? kept : 0f);
        assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(y[i]),
            "element " + i + ": x " + x[i] + ", noise " + noise[i] + ", got " + y[i]);
      }
    }
  }
}
