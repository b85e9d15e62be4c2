package org.ecoc4j.api.backend;

import java.util.Objects;
import java.util.Optional;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.symbolic.BatchMixing;
import org.ecoc4j.api.symbolic.BlockMixing;

/**
 * Which network to build: an architecture of the backend's model zoo, for an input shape, with
 * {@code outputs} values per member and {@code members} independent replicas in one graph, and
 * optionally a batch-mixing step in front of it.
 *
 * <p>The network's output for a sample is {@code members * outputs} floats, member-major (see the
 * package documentation).
 *
 * <p>With an {@code inputMixing} the network runs on mixed images: a batch of exactly {@code K =
 * inputMixing.inputs()} images {@code x_k} becomes {@code N = inputMixing.outputs()} images {@code
 * y_i = sum_k E[i][k] x_k} before the first layer (coded-smoothing's encoder), so the network's
 * outputs have {@code N} rows for {@code K} images and labels; its gradient reaches the images
 * through {@code E^T}. Every graph built for such a model has a fixed batch of {@code K} images,
 * and a batch of another size is refused with an error naming both sizes.
 *
 * @param architecture zoo name, e.g. {@code lenet}
 * @param input the image shape
 * @param outputs values per member: the number of classes for cross-entropy, the code length for
 *     codeword targets
 * @param members number of independent replicas (1 for a single network)
 * @param inputMixing the constant matrix applied across the batch of images before the network,
 *     if any
 * @param blockMixing the constant matrices applied across the batch around one named block of
 *     the network, if any (not together with an {@code inputMixing}): the network then takes
 *     exactly {@code blockMixing.inputs()} images and gives {@code blockMixing.outputs()} rows
 */
public record ModelSpec(
    String architecture,
    ImageShape input,
    int outputs,
    int members,
    Optional<BatchMixing> inputMixing,
    Optional<BlockMixing> blockMixing) {

  /** Refuses blank names and non-positive widths. */
  public ModelSpec {
    Objects.requireNonNull(architecture, "architecture");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(inputMixing, "inputMixing");
    Objects.requireNonNull(blockMixing, "blockMixing");
    if (inputMixing.isPresent() && blockMixing.isPresent()) {
      throw new IllegalArgumentException(
          "a network mixes its batch before its first layer or around one block, not both");
    }
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

  /** A network without mixing around a block. */
  public ModelSpec(
      String architecture, ImageShape input, int outputs, int members,
      Optional<BatchMixing> inputMixing) {
    this(architecture, input, outputs, members, inputMixing, Optional.empty());
  }

  /** A network without input mixing. */
  public ModelSpec(String architecture, ImageShape input, int outputs, int members) {
    this(architecture, input, outputs, members, Optional.empty());
  }

  /** This network with {@code mixing} applied across the batch of images before it. */
  public ModelSpec withInputMixing(BatchMixing mixing) {
    return new ModelSpec(
        architecture, input, outputs, members, Optional.of(mixing), blockMixing);
  }

  /** This network with {@code mixing} applied across the batch around one of its blocks. */
  public ModelSpec withBlockMixing(BlockMixing mixing) {
    return new ModelSpec(
        architecture, input, outputs, members, inputMixing, Optional.of(mixing));
  }

  /** Floats per sample of the network's output: {@code members * outputs}. */
  public int outputWidth() {
    return Math.multiplyExact(members, outputs);
  }
}
