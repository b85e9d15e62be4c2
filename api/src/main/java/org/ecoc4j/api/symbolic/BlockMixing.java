package org.ecoc4j.api.symbolic;

import java.util.Objects;

/**
 * Two constant matrices applied across the batch dimension around one named block of a network:
 * {@code entering} mixes the activations that enter the block, {@code leaving} mixes the block's
 * outputs; the layers before and after the block run per sample. Coded-smoothing's coding around
 * a block is one: the encoder before the block ({@code K} activations into {@code N} coded ones)
 * and the decoder after it ({@code N} outputs back into {@code K}).
 *
 * <p>The network's batch is then fixed: exactly {@code entering.inputs()} images in, {@code
 * leaving.outputs()} rows out. Gradients pass both mixings through their transposed matrices
 * ({@link BatchMixing}).
 *
 * @param block the block's name, one the architecture declares (e.g. lenet's {@code conv2})
 * @param entering the mixing of the activations entering the block (constant)
 * @param leaving the mixing of the block's outputs (constant), taking {@code entering.outputs()}
 *     rows
 */
public record BlockMixing(String block, BatchMixing entering, BatchMixing leaving) {

  /**
   * Refuses a blank block name, a mixing drawn per step and mixings whose sizes do not chain.
   */
  public BlockMixing {
    Objects.requireNonNull(block, "block");
    Objects.requireNonNull(entering, "entering");
    Objects.requireNonNull(leaving, "leaving");
    if (block.isBlank()) {
      throw new IllegalArgumentException("a block mixing needs the name of a block");
    }
    if (entering.drawnPerStep() || leaving.drawnPerStep()) {
      throw new IllegalArgumentException(
          "a block mixing takes constant mixings, got " + entering + " and " + leaving);
    }
    if (leaving.inputs() != entering.outputs()) {
      throw new IllegalArgumentException(
          "around block '" + block + "' the entering mixing gives " + entering.outputs()
              + " rows, the leaving mixing takes " + leaving.inputs());
    }
  }

  /** Images the network takes: {@code entering.inputs()}. */
  public int inputs() {
    return entering.inputs();
  }

  /** Rows the network gives: {@code leaving.outputs()}. */
  public int outputs() {
    return leaving.outputs();
  }
}
