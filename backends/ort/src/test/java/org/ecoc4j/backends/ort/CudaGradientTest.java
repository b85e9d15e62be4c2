package org.ecoc4j.backends.ort;

import java.util.ArrayList;
import java.util.List;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.backends.onnx.autodiff.Differentiator;
import org.ecoc4j.backends.onnx.zoo.Activation;
import org.ecoc4j.backends.onnx.zoo.LeNet;
import org.ecoc4j.backends.onnx.zoo.ResNetV2;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The zoo's gradient checks of {@link ZooGradientTest}, and lenet (ReLU, max pooling) and
 * resnet20v2 (ELU), run on the GPU: the training graphs' gradients as CUDA training builds them
 * ({@link Differentiator#portable()}, max pooling through a scatter) against finite differences
 * of the GPU's float32 losses, with the CPU check's tolerances. Skipped where CUDA is not
 * available.
 */
@Tag("gpu")
@EnabledIf("cudaAvailable")
class CudaGradientTest {

  private static final OrtSettings CUDA = new OrtSettings(OrtDevice.CUDA, 2);

  static boolean cudaAvailable() {
    return OrtDevice.CUDA.isAvailable();
  }

  static List<ZooGradientTest.Network> networks() {
    ImageShape rgb = new ImageShape(3, 8, 8);
    List<ZooGradientTest.Network> networks = new ArrayList<>(ZooGradientTest.networks());
    networks.add(
        new ZooGradientTest.Network(
            "lenet", () -> new LeNet(ZooGradientTest.spec("lenet", new ImageShape(1, 12, 12))),
            10, 0.1, 1));
    networks.add(
        new ZooGradientTest.Network(
            "resnet20v2",
            () -> new ResNetV2(ZooGradientTest.spec("resnet20v2", rgb), 20, Activation.ELU), 10,
            2e-2, 0));
    return networks;
  }

  @ParameterizedTest
  @MethodSource("networks")
  void endToEndOnTheGpu(ZooGradientTest.Network network) {
    network.check(Differentiator.portable(), CUDA);
  }
}
