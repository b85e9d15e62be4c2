package org.ecoc4j.backends.ort;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.backends.onnx.autodiff.Differentiator;
import org.ecoc4j.backends.onnx.training.LossGraph;
import org.ecoc4j.backends.onnx.zoo.Activation;
import org.ecoc4j.backends.onnx.zoo.DenseNetBc;
import org.ecoc4j.backends.onnx.zoo.ParameterInitializer;
import org.ecoc4j.backends.onnx.zoo.ParameterSpec;
import org.ecoc4j.backends.onnx.zoo.ResNetV1;
import org.ecoc4j.backends.onnx.zoo.VggCnn;
import org.ecoc4j.backends.onnx.zoo.WideResNet;
import org.ecoc4j.backends.onnx.zoo.ZooModel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The zoo's other architectures in training mode (batch statistics) end to end against finite
 * differences, with respect to the images and a sample of every trainable parameter, cross-entropy
 * over two members. As for resnet20v2 ({@link ResNetGradientTest}), the networks are built with
 * ELU, whose derivative is continuous; CNN1 and CNN2 run with dropout 0, so without dropout layers
 * ({@link SelectionGradientTest} checks dropout with fixed noise).
 * Their max pooling makes the loss piecewise smooth: a step that moves a whole channel (a
 * batch-normalization scale, a filter) can swap the maximum of some of its thousands of windows,
 * so up to 1 of the sampled elements may disagree, and the others must agree within 10 %
 * (2 % for the networks without max pooling); the failure message lists them.
 */
class ZooGradientTest {

  /**
   * Checks the images and {@code tensors} trainable parameter tensors spread evenly over the
   * network (always the first and the last), 2 elements of each; the other parameters are fed as
   * they are. The gradient graph comes from {@code differentiator} and runs on {@code settings}'
   * device.
   */
  private static void check(
      ZooModel model, int batch, int tensors, double relativeTolerance, int tolerated,
      Differentiator differentiator, OrtSettings settings, UnaryOperator<byte[]> rewrite) {
    ModelSpec spec = model.spec();
    ImageShape shape = spec.input();
    List<GradientChecker.Input> inputs = new ArrayList<>();
    inputs.add(GradientChecker.Input.floats(
        "images", GradientChecker.uniform(batch * shape.size(), 61), batch, shape.channels(),
        shape.height(), shape.width()));
    long[] labels = new long[batch];
    for (int i = 0; i < batch; i++) {
      labels[i] = (i * 7 + i / 3) % spec.outputs();
    }
    inputs.add(GradientChecker.Input.longs("labels", labels, batch));
    Map<String, float[]> values = ParameterInitializer.initialize(model.parameters(), 5);
    long trainable = model.parameters().stream().filter(ParameterSpec::trainable).count();
    int index = 0;
    for (ParameterSpec p : model.parameters()) {
      float[] v = values.get(p.name());
      boolean checked = false;
      if (p.trainable()) {
        checked = index * (tensors - 1) % (trainable - 1) < tensors - 1 || index == trainable - 1;
        index++;
      }
      if (!checked) {
        inputs.add(GradientChecker.Input.frozen(p.name(), v, p.dims()));
        continue;
      }
      inputs.add(GradientChecker.checkedParameter(p, v));
    }
    new GradientChecker(differentiator, 1e-3, 5e-3, relativeTolerance, 2, tolerated)
        .on(settings)
        .rewrittenBy(rewrite)
        .check(
            inputs,
            g -> LossGraph.append(
                    g, LossSpec.crossEntropy(spec.outputs()), spec,
                    model.forward(g, "images", true).output(), "labels")
                .perSample());
  }

  /**
   * One network of the check: images of batch 4, {@code tensors} parameter tensors, the relative
   * tolerance and the number of sampled elements that may disagree.
   */
  record Network(
      String name, Supplier<ZooModel> model, int tensors, double relativeTolerance,
      int tolerated) {

    /** Checks this network on {@code settings}' device with {@code differentiator}'s rules. */
    void check(Differentiator differentiator, OrtSettings settings) {
      check(differentiator, settings, UnaryOperator.identity());
    }

    /** Checks this network with each gradient graph rewritten by {@code rewrite} first. */
    void check(Differentiator differentiator, OrtSettings settings,
        UnaryOperator<byte[]> rewrite) {
      ZooGradientTest.check(model.get(), 4, tensors, relativeTolerance, tolerated,
          differentiator, settings, rewrite);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** The networks of this test (the CUDA test runs them on the GPU too). */
  static List<Network> networks() {
    ImageShape gray = new ImageShape(1, 28, 28);
    ImageShape rgb = new ImageShape(3, 8, 8);
    return List.of(
        new Network(
            "cnn1",
            () -> new VggCnn(spec("cnn1", gray), VggCnn.CNN1, 0f, Activation.ELU), 12, 0.1, 1),
        new Network(
            "cnn2",
            () -> new VggCnn(spec("cnn2", gray), VggCnn.CNN2, 0f, Activation.ELU), 8, 0.1, 1),
        new Network(
            "resnet32", () -> new ResNetV1(spec("resnet32", rgb), 32, Activation.ELU), 10, 2e-2,
            0),
        new Network(
            "wrn-16-4", () -> new WideResNet(spec("wrn-16-4", rgb), 16, 4, Activation.ELU), 10,
            2e-2, 0),
        new Network(
            "densenet-bc",
            () -> new DenseNetBc(spec("densenet-bc", rgb), 40, 12, Activation.ELU), 10, 2e-2, 0));
  }

  /** The networks of {@link #networks} with strided or 1x1 convolutions (not cnn1, cnn2). */
  static List<Network> stridedOrPointwise() {
    return networks().stream().filter(n -> !n.name().startsWith("cnn")).toList();
  }

  static ModelSpec spec(String name, ImageShape shape) {
    return new ModelSpec(name, shape, 3, 2);
  }

  @ParameterizedTest
  @MethodSource("networks")
  void endToEnd(Network network) {
    network.check(Differentiator.standard(), OrtSettings.cpu());
  }

  /**
   * The networks with strided and 1x1 convolutions, differentiated by the rules a CPU training
   * session builds its graphs with ({@link OrtTrainingEngine#differentiator}: at this batch the
   * 1x1 weight gradients as per-sample products, the strided 3x3 ones from {@code ConvGrad}, the
   * others by the GEMM rule), against finite differences as above.
   */
  @ParameterizedTest
  @MethodSource("stridedOrPointwise")
  void endToEndWithTheCpuTrainingRules(Network network) {
    network.check(OrtTrainingEngine.differentiator(OrtSettings.cpu()), OrtSettings.cpu());
  }

  /**
   * The same networks with the CPU training rules and each gradient graph in the layout a CPU
   * training session runs it in ({@link ConvLayout#AUTO}: NCHWc convolutions, and the activations
   * between them kept blocked by {@link NchwcActivationRewrite}), against finite differences.
   */
  @ParameterizedTest
  @MethodSource("stridedOrPointwise")
  void endToEndInTheCpuTrainingLayout(Network network) {
    network.check(OrtTrainingEngine.differentiator(OrtSettings.cpu()), OrtSettings.cpu(),
        model -> ConvLayout.AUTO.trainingModel(model, OrtDevice.CPU));
  }
}
