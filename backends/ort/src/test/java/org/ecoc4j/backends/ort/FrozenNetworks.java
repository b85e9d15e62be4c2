package org.ecoc4j.backends.ort;

import static org.ecoc4j.backends.ort.GradientChecker.uniform;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.backends.onnx.autodiff.Differentiator;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;
import org.ecoc4j.backends.onnx.graph.TensorInfo;
import org.ecoc4j.backends.onnx.zoo.ParameterInitializer;
import org.ecoc4j.backends.onnx.zoo.ParameterSpec;
import org.ecoc4j.backends.onnx.zoo.ZooModel;

/**
 * A network's inference forward pass with its parameters frozen as constants, as attack graphs
 * hold them (batch normalization statistics, scales, shifts and biases moved well off their
 * initial values, so that rewrites of them show), optionally rewritten, then differentiated and
 * run through ONNX Runtime: for tests that compare a rewrite with the graph as built.
 */
final class FrozenNetworks {

  private static final String VARIANCE = ".running_var";

  private FrozenNetworks() {}

  /**
   * The scores ({@code "scores"}) and the gradient of {@code sum(scores * R)} with respect to the
   * images ({@code "images"}) of {@code model} at batch 4, with {@code rewrite} applied to the
   * forward graph before it is differentiated.
   */
  static Map<String, float[]> run(ZooModel model, Consumer<GraphBuilder> rewrite) {
    int batch = 4;
    ImageShape s = model.spec().input();
    GraphBuilder g = new GraphBuilder();
    g.input("images", TensorInfo.floats(batch, s.channels(), s.height(), s.width()));
    Map<String, float[]> values = ParameterInitializer.initialize(model.parameters(), 9);
    Set<String> batchNorms = model.parameters().stream().map(ParameterSpec::name)
        .filter(n -> n.endsWith(VARIANCE))
        .map(n -> n.substring(0, n.length() - VARIANCE.length()))
        .collect(Collectors.toSet());
    long seed = 10;
    for (ParameterSpec p : model.parameters()) {
      float[] v = values.get(p.name());
      String layer = p.name().substring(0, Math.max(0, p.name().lastIndexOf('.')));
      if (batchNorms.contains(layer) || p.name().endsWith(".bias")) {
        // scale, shift and statistics away from 1, 0, 0 and 1, biases away from 0
        float[] noise = uniform(v.length, seed++);
        for (int i = 0; i < v.length; i++) {
          v[i] = p.name().endsWith(VARIANCE) ? 0.2f + noise[i] * noise[i] : v[i] + 0.3f * noise[i];
        }
      }
      g.namedConstant(p.name(), v, p.dims());
    }
    assertTrue(seed > 10, "the network has batch normalization or biases");
    String scores = model.forward(g, "images", false).output();
    rewrite.accept(g);
    TensorInfo info = g.info(scores);
    String loss = g.reduceSum(g.mul(scores, g.constant("r",
        uniform((int) info.elementCount(), 7), info.dims())), false);
    String gradient = Differentiator.standard()
        .differentiate(g, loss, List.of("images"), n -> n + "_gradient").get("images");
    g.output(scores);
    g.output(gradient);
    Map<String, float[]> result = new LinkedHashMap<>();
    List<NativeTensor> feeds = new ArrayList<>();
    try (InferenceSession session =
        new InferenceSession(g.model("frozen").toByteArray(), OrtSettings.cpu())) {
      feeds.add(NativeTensor.floats(uniform(batch * s.size(), 8), batch, s.channels(),
          s.height(), s.width()));
      List<HostTensor> out = session.run(Map.of("images", feeds.get(0)),
          List.of(scores, gradient));
      result.put("scores", out.get(0).values());
      result.put("images", out.get(1).values());
    } finally {
      feeds.forEach(NativeTensor::close);
    }
    return result;
  }
}
