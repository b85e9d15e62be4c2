package org.ecoc4j.backends.onnx.training;

import java.util.List;

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
}
