package org.ecoc4j.backends.ort;

import static org.ecoc4j.backends.ort.GradientChecker.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.backends.onnx.autodiff.Differentiator;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;
import org.ecoc4j.backends.onnx.graph.TensorInfo;
import org.ecoc4j.backends.onnx.zoo.ParameterInitializer;
import org.ecoc4j.backends.onnx.zoo.ParameterSpec;
import org.ecoc4j.backends.onnx.zoo.ZooModel;

/**
 * A network's scores and the gradients of {@code sum(scores * R)} (fixed random R) with respect
 * to the images and every parameter, as one differentiator builds them, run on the CPU, and the
 * comparison of two such results: for checking two ways of building the same gradients.
 */
final class NetworkGradients {

  private NetworkGradients() {}

  /**
   * @return {@code scores} and each gradient under the differentiated tensor's name, for 4 seeded
   *     images and the parameters' seeded initial values
   */
  static Map<String, float[]> of(ZooModel model, Differentiator differentiator) {
    ImageShape s = model.spec().input();
    int batch = 4;
    GraphBuilder g = new GraphBuilder();
    g.input("images", TensorInfo.floats(batch, s.channels(), s.height(), s.width()));
    List<String> wrt = new ArrayList<>(List.of("images"));
    for (ParameterSpec p : model.parameters()) {
      g.input(p.name(), TensorInfo.floats(p.dims()));
      wrt.add(p.name());
    }
    String scores = model.forward(g, "images", false).output();
    TensorInfo info = g.info(scores);
    String loss = g.reduceSum(g.mul(scores, g.constant("r",
        uniform((int) info.elementCount(), 7), info.dims())), false);
    Map<String, String> grads = differentiator.differentiate(g, loss, wrt, n -> n + "_gradient");
    g.output(scores);
    grads.values().forEach(g::output);
    Map<String, NativeTensor> feeds = new LinkedHashMap<>();
    feeds.put("images", NativeTensor.floats(uniform(batch * s.size(), 8), batch, s.channels(),
        s.height(), s.width()));
    Map<String, float[]> values = ParameterInitializer.initialize(model.parameters(), 9);
    for (ParameterSpec p : model.parameters()) {
      feeds.put(p.name(), NativeTensor.floats(values.get(p.name()), p.dims()));
    }
    List<String> names = new ArrayList<>(List.of(scores));
    names.addAll(grads.values());
    Map<String, float[]> result = new LinkedHashMap<>();
    try (InferenceSession session =
        new InferenceSession(g.model("network_gradients").toByteArray(), OrtSettings.cpu())) {
      List<HostTensor> out = session.run(feeds, names);
      result.put("scores", out.get(0).values());
      for (int i = 0; i < wrt.size(); i++) {
        result.put(wrt.get(i), out.get(i + 1).values());
      }
    } finally {
      feeds.values().forEach(NativeTensor::close);
    }
    return result;
  }

  /**
   * Asserts that {@code actual} holds the tensors of {@code expected} under the same names, each
   * within float rounding of it: at most 5e-5 of the tensor's largest magnitude apart, and not
   * all zero.
   */
  static void assertWithinRounding(
      Map<String, float[]> expected, Map<String, float[]> actual, String what) {
    assertEquals(expected.keySet(), actual.keySet(), what);
    for (String name : expected.keySet()) {
      float[] a = expected.get(name);
      float[] b = actual.get(name);
      assertEquals(a.length, b.length, what + ": " + name);
      double scale = 0;
      double worst = 0;
      for (int i = 0; i < a.length; i++) {
        scale = Math.max(scale, Math.abs(a[i]));
        worst = Math.max(worst, Math.abs(a[i] - b[i]));
      }
      assertTrue(scale > 0, what + ": " + name + " is zero");
      assertTrue(worst <= 5e-5 * scale,
          what + ": " + name + " differs by " + worst + " (largest " + scale + ")");
    }
  }
}
