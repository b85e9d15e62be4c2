package org.ecoc4j.backends.onnx.zoo;

import java.util.Optional;
import org.ecoc4j.api.symbolic.BlockMixing;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;

/**
 * Where an architecture that declares blocks ({@link ZooModel#blocks()}) marks the entry and the
 * exit of each block while it builds its network: around the block a {@link BlockMixing} names,
 * the activations entering it are mixed across the batch by the entering matrix and its outputs
 * by the leaving matrix ({@link GraphBuilder#mixBatch}, whose gradient is the transposed
 * matrix's); every other block is left as it is.
 */
public final class BlockBoundaries {

  /** Boundaries that mix nothing: the plain network. */
  public static final BlockBoundaries NONE = new BlockBoundaries(null, Optional.empty());

  private final GraphBuilder g;
  private final Optional<BlockMixing> mixing;

  private BlockBoundaries(GraphBuilder g, Optional<BlockMixing> mixing) {
    this.g = g;
    this.mixing = mixing;
  }

  /** Boundaries that apply {@code mixing} around its block in {@code g}. */
  static BlockBoundaries around(GraphBuilder g, BlockMixing mixing) {
    return new BlockBoundaries(g, Optional.of(mixing));
  }

  /**
   * The activations {@code x} as block {@code block} takes them: mixed by the entering matrix
   * when it is the mixed block, else {@code x} itself.
   */
  public String enter(String block, String x) {
    return mixing.filter(m -> m.block().equals(block))
        .map(m -> g.mixBatch(x, m.entering()))
        .orElse(x);
  }

  /**
   * The outputs {@code x} of block {@code block} as the next layers take them: mixed by the
   * leaving matrix when it is the mixed block, else {@code x} itself.
   */
  public String leave(String block, String x) {
    return mixing.filter(m -> m.block().equals(block))
        .map(m -> g.mixBatch(x, m.leaving()))
        .orElse(x);
  }
}
