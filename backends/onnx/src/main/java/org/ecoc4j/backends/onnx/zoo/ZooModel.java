package org.ecoc4j.backends.onnx.zoo;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.symbolic.BlockMixing;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;

/**
 * An architecture of the model zoo, bound to a {@link ModelSpec}: its parameters and how to build
 * its forward computation into a graph.
 */
public interface ZooModel {

  /** What was asked for. */
  ModelSpec spec();

  /** Every parameter, trainable and frozen, in a fixed order. */
  List<ParameterSpec> parameters();

  /**
   * The starting value of every parameter, by name: drawn from {@code seed} as each
   * {@link ParameterSpec#fill()} says, unless the model brings its own (an imported model).
   */
  default Map<String, float[]> initialValues(long seed) {
    return ParameterInitializer.initialize(parameters(), seed);
  }

  /**
   * Appends the forward computation to {@code g}: the {@link #network} on {@code images}, or, with
   * an {@linkplain ModelSpec#inputMixing() input mixing}, on the mixed batch ({@link
   * GraphBuilder#mixBatch}: exactly {@code K} images in, {@code N} mixed images through the
   * network, whose gradient reaches the images through the transposed matrix).
   *
   * @param g a graph that already holds a tensor named after each parameter (an input or an
   *     initializer) and the images
   * @param images float tensor [batch, C, H, W]; exactly [K, C, H, W] with an input mixing of K
   * @param training as for {@link #network}
   * @return what {@link #network} returns; with an input mixing its output has {@code N} rows
   * @throws IllegalArgumentException when the input mixing does not take {@code images}' batch
   *     size (a symbolic batch included), or for a {@linkplain ModelSpec#blockMixing() block
   *     mixing} around a block the architecture does not declare (the message names those it
   *     does), or whose batch differs from {@code images}'
   */
  default Forward forward(GraphBuilder g, String images, boolean training) {
    Optional<BlockMixing> around = spec().blockMixing();
    if (around.isPresent()) {
      BlockMixing mixing = around.get();
      checkBlock(mixing.block());
      return network(g, images, training, BlockBoundaries.around(g, mixing));
    }
    String input = spec().inputMixing().map(mixing -> g.mixBatch(images, mixing)).orElse(images);
    return network(g, input, training);
  }

  /**
   * The names of the blocks a {@link BlockMixing} may surround, in network order; none by default
   * (the architecture then refuses a block mixing).
   */
  default List<String> blocks() {
    return List.of();
  }

  /**
   * Refuses a block this architecture does not declare.
   *
   * @throws IllegalArgumentException naming the architecture's blocks, or saying it declares none
   */
  default void checkBlock(String block) {
    if (!blocks().contains(block)) {
      throw new IllegalArgumentException(
          "architecture '" + spec().architecture() + "' has no block '" + block
              + "' to mix the batch around; "
              + (blocks().isEmpty() ? "it declares no blocks"
                  : "its blocks: " + String.join(", ", blocks())));
    }
  }

  /**
   * Appends the network to {@code g}, marking the entry and exit of each of its {@link #blocks()}
   * at {@code boundaries}. An architecture that declares blocks overrides this; the default, for
   * one that declares none (whose {@link #forward} refuses every block mixing), is {@link
   * #network(GraphBuilder, String, boolean)}.
   */
  default Forward network(
      GraphBuilder g, String images, boolean training, BlockBoundaries boundaries) {
    return network(g, images, training);
  }

  /**
   * Appends the network itself to {@code g}, on images that are already mixed if the spec asks
   * for it; callers use {@link #forward}.
   *
   * @param g a graph that already holds a tensor named after each parameter (an input or an
   *     initializer) and the images
   * @param images float tensor [batch, C, H, W]
   * @param training whether to normalize with batch statistics, compute the next values of the
   *     frozen statistics and apply dropout (training), or use the stored statistics without
   *     dropout (evaluation, attacks, export)
   * @return the output tensor, [batch, members * outputs], member-major, and in training the
   *     tensors holding the next value of each frozen statistic and the noise inputs declared for
   *     dropout
   */
  Forward network(GraphBuilder g, String images, boolean training);
}
