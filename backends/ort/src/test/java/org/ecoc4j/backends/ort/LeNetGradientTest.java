package org.ecoc4j.backends.ort;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.backends.onnx.training.LossGraph;
import org.ecoc4j.backends.onnx.zoo.ModelZoo;
import org.ecoc4j.backends.onnx.zoo.ParameterInitializer;
import org.ecoc4j.backends.onnx.zoo.ParameterSpec;
import org.ecoc4j.backends.onnx.zoo.ZooModel;
import org.junit.jupiter.api.Test;

/**
 * The whole lenet (two members) and its losses against finite differences, with respect to the
 * images and every parameter.
 */
class LeNetGradientTest {

  private static final ImageShape SHAPE = new ImageShape(2, 12, 12);
  private final GradientChecker checker = new GradientChecker(1e-3, 1e-2, 5e-2, 6);

  private void checkEndToEnd(LossSpec loss, int outputs) {
    ModelSpec spec = new ModelSpec("lenet", SHAPE, outputs, 2);
    ZooModel model = ModelZoo.create(spec);
    int batch = 3;
    List<GradientChecker.Input> inputs = new ArrayList<>();
    inputs.add(
        GradientChecker.Input.floats(
            "images", GradientChecker.uniform(batch * SHAPE.size(), 5), batch, 2, 12, 12));
    inputs.add(GradientChecker.Input.longs("labels", new long[] {0, 2, 1}, batch));
    Map<String, float[]> values = ParameterInitializer.initialize(model.parameters(), 3);
    for (ParameterSpec p : model.parameters()) {
      inputs.add(GradientChecker.checkedParameter(p, values.get(p.name())));
    }
    checker.check(
        inputs,
        g -> LossGraph.append(g, loss, spec, model.forward(g, "images", false).output(), "labels").perSample());
  }

  @Test
  void crossEntropy() {
    checkEndToEnd(LossSpec.crossEntropy(3), 3);
  }

  @Test
  void tanhSquaredError() {
    Codebook a = Codebook.of(new int[][] {{1, -1, 1, 1, -1}, {-1, 1, 1, -1, -1}, {1, 1, -1, -1, 1}});
    Codebook b = Codebook.of(new int[][] {{-1, -1, 1, 1, 1}, {1, 1, 1, -1, -1}, {1, -1, -1, 1, -1}});
    checkEndToEnd(LossSpec.tanhSquaredError(List.of(a, b)), 5);
  }
}
