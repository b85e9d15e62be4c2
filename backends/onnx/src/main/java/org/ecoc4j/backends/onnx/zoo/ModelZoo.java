package org.ecoc4j.backends.onnx.zoo;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.backend.UnknownArchitectureException;

/** Finds zoo architectures by name. */
public final class ModelZoo {

  private static final Map<String, Function<ModelSpec, ZooModel>> ARCHITECTURES =
      new TreeMap<>(
          Map.of(
              LeNet.NAME, LeNet::new,
              ResNetV2.NAME_20, spec -> new ResNetV2(spec, 20),
              VggCnn.NAME_1, spec -> new VggCnn(spec, VggCnn.CNN1),
              VggCnn.NAME_2, spec -> new VggCnn(spec, VggCnn.CNN2),
              ResNetV1.NAME_32, spec -> new ResNetV1(spec, 32, Activation.RELU),
              WideResNet.name(16, 4), spec -> new WideResNet(spec, 16, 4, Activation.RELU),
              WideResNet.name(28, 10), spec -> new WideResNet(spec, 28, 10, Activation.RELU),
              DenseNetBc.NAME, spec -> new DenseNetBc(spec, 40, 12, Activation.RELU)));

  private ModelZoo() {}

  /**
   * The architecture {@code spec.architecture()} bound to {@code spec}.
   *
   * @throws UnknownArchitectureException for an unknown name (listing the known ones)
   * @throws IllegalArgumentException for a spec the architecture cannot take
   */
  public static ZooModel create(ModelSpec spec) {
    Objects.requireNonNull(spec, "spec");
    Function<ModelSpec, ZooModel> factory = ARCHITECTURES.get(spec.architecture());
    if (factory == null) {
      throw new UnknownArchitectureException(
          spec.architecture(), List.copyOf(ARCHITECTURES.keySet()));
    }
    return factory.apply(spec);
  }
}
