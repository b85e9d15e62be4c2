package org.ecoc4j.backends.onnx.training;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ecoc4j.backends.onnx.zoo.ParameterInitializer;
import org.ecoc4j.backends.onnx.zoo.ParameterSpec;
import org.ecoc4j.backends.onnx.zoo.ZooModel;

/**
 * The parameters held by a checkpoint.
 *
 * @param trainable parameters the optimizer updates, in file order
 * @param frozen fixed parameters, in file order
 */
public record Checkpoint(List<NamedTensor> trainable, List<NamedTensor> frozen) {

  /** Copies the lists. */
  public Checkpoint {
    trainable = List.copyOf(trainable);
    frozen = List.copyOf(frozen);
  }

  /**
   * The parameter of that name, trainable or frozen.
   *
   * @throws IllegalArgumentException if the checkpoint has no such parameter
   */
  public NamedTensor parameter(String name) {
    for (List<NamedTensor> group : List.of(trainable, frozen)) {
      for (NamedTensor t : group) {
        if (t.name().equals(name)) {
          return t;
        }
      }
    }
    throw new IllegalArgumentException("checkpoint has no parameter '" + name + "'");
  }

  /**
   * The starting values of {@code params}: the model's own ({@link ZooModel#initialValues}) for
   * its parameters, the others (a projection head's, say) drawn from the seed by name ({@link
   * ParameterInitializer}); trainable or frozen as each parameter says, in {@code params}' order.
   */
  public static Checkpoint initial(ZooModel model, List<ParameterSpec> params, long seed) {
    Map<String, float[]> values = new LinkedHashMap<>(model.initialValues(seed));
    List<ParameterSpec> others =
        params.stream().filter(p -> !values.containsKey(p.name())).toList();
    values.putAll(ParameterInitializer.initialize(others, seed));
    List<NamedTensor> trainable = new ArrayList<>();
    List<NamedTensor> frozen = new ArrayList<>();
    for (ParameterSpec p : params) {
      (p.trainable() ? trainable : frozen).add(
          new NamedTensor(p.name(), p.dims(), values.get(p.name())));
    }
    return new Checkpoint(trainable, frozen);
  }
}
