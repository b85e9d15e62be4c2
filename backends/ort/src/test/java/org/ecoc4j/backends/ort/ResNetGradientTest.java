package org.ecoc4j.backends.ort;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.backends.onnx.training.LossGraph;
import org.ecoc4j.backends.onnx.zoo.Activation;
import org.ecoc4j.backends.onnx.zoo.ParameterInitializer;
import org.ecoc4j.backends.onnx.zoo.ParameterSpec;
import org.ecoc4j.backends.onnx.zoo.ResNetV2;
import org.ecoc4j.backends.onnx.zoo.ZooModel;
import org.junit.jupiter.api.Test;

/**
 * resnet20v2 in training mode (batch statistics) end to end against finite differences, with
 * respect to the images and a sample of every trainable parameter.
 *
 * <p>The network is built with ELU instead of ReLU: behind batch normalization thousands of
 * pre-activations sit near zero, and in float32 no step is both large enough to beat the rounding
 * of the loss and small enough to cross no ReLU kink. ELU (alpha 1) has a continuous derivative,
 * so the check sees the structure (convolutions, batch normalization, residual sums, pooling,
 * dense layer); ReLU itself is checked in {@link OperatorGradientTest}.
 */
class ResNetGradientTest {

  @Test
  void crossEntropyThroughEveryBlock() {
    ModelSpec spec = new ModelSpec("resnet20v2", new ImageShape(3, 8, 8), 3, 1);
    ZooModel model = new ResNetV2(spec, 20, Activation.ELU);
    int batch = 4;
    List<GradientChecker.Input> inputs = new ArrayList<>();
    inputs.add(GradientChecker.Input.floats(
        "images", GradientChecker.uniform(batch * 3 * 64, 61), batch, 3, 8, 8));
    inputs.add(GradientChecker.Input.longs("labels", new long[] {0, 2, 1, 2}, batch));
    Map<String, float[]> values = ParameterInitializer.initialize(model.parameters(), 5);
    for (ParameterSpec p : model.parameters()) {
      float[] v = values.get(p.name());
      if (!p.trainable()) {
        inputs.add(GradientChecker.Input.frozen(p.name(), v, p.dims()));
        continue;
      }
      inputs.add(GradientChecker.checkedParameter(p, v));
    }
    new GradientChecker(1e-3, 5e-3, 2e-2, 2)
        .check(
            inputs,
            g -> LossGraph.append(
                    g, LossSpec.crossEntropy(3), spec,
                    model.forward(g, "images", true).output(), "labels")
                .perSample());
  }
}
