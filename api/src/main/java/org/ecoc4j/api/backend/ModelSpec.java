package org.ecoc4j.api.backend;

import org.ecoc4j.api.data.ImageShape;

import java.util.Objects;

/**
 * Which network to build: an architecture of the backend's model zoo, for an input shape, with
 * {@code outputs} values per member and {@code members} independent replicas in one graph.
 *
 * <p>The network's output for a sample is {@code members * outputs} floats, member-major (see the
 * package documentation).
 *
 * @param architecture zoo name, e.g. {@code lenet}
 * @param input the image shape
 * @param outputs values per member: the number of classes for cross-entropy, the code length for
 *     codeword targets
 * @param members number of independent replicas (1 for a single network)
 */
public record ModelSpec(String architecture, ImageShape input, int outputs, int members) {

  /** Refuses blank names and non-positive widths. */
  public ModelSpec {
    Objects.requireNonNull(architecture, "architecture");
    Objects.requireNonNull(input, "input");
    if (architecture.isBlank()) {
      throw new IllegalArgumentException("architecture name must not be blank");
    }
    if (outputs < 1) {
      throw new IllegalArgumentException("outputs per member must be positive, got " + outputs);
    }
    if (members < 1) {
      throw new IllegalArgumentException("members must be positive, got " + members);
    }
  }

  /** Floats per sample of the network's output: {@code members * outputs}. */
  public int outputWidth() {
    return Math.multiplyExact(members, outputs);
  }
}
