package org.ecoc4j.backends.ort;

import java.util.Map;
import java.util.Optional;
import org.ecoc4j.api.random.Seeds;
import org.ecoc4j.api.symbolic.BatchMixing;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;
import org.ecoc4j.backends.onnx.training.TrainingArtifacts;

/**
 * The matrix a training model reads from {@value GraphBuilder#STEP_MIXING} when its input mixing is
 * {@linkplain BatchMixing#drawnPerStep drawn per step} (see {@link TrainingArtifacts#stepMixing()}):
 * one native float tensor [outputs, inputs], allocated once and redrawn before each step from the
 * seed {@link Seeds#forBatchMixing} derives from the run's seed, the epoch and the batch and
 * nothing else, so a resumed run draws exactly the matrices of the uninterrupted run. Empty (no
 * tensor) for a model without one. Close it to free the native memory. Not thread-safe.
 */
public final class StepMixingInput implements AutoCloseable {

  private final BatchMixing mixing;
  private final NativeTensor tensor;

  /** No step mixing: no tensor, drawing does nothing. */
  static final StepMixingInput NONE = new StepMixingInput(Optional.empty());

  /** Allocates the tensor of a step mixing, if there is one. */
  StepMixingInput(Optional<BatchMixing> drawn) {
    mixing = drawn.orElse(null);
    tensor = mixing == null ? null : NativeTensor.floats(
        new float[Math.multiplyExact(mixing.outputs(), mixing.inputs())], mixing.outputs(),
        mixing.inputs());
  }

  /**
   * Draws the matrix of one training step into the tensor (nothing without a step mixing).
   *
   * @param seed the run's seed
   * @param epoch the epoch, from 1
   * @param batch the batch within the epoch, from 0
   * @return the step's matrix, or {@code null} without a step mixing
   */
  public BatchMixing draw(long seed, int epoch, int batch) {
    if (mixing == null) {
      return null;
    }
    BatchMixing drawn = mixing.draw(Seeds.forBatchMixing(seed, epoch, batch));
    tensor.copyFrom(drawn.matrix());
    return drawn;
  }

  /** The tensor by input name, or no entry without a step mixing. */
  public Map<String, NativeTensor> tensors() {
    return tensor == null ? Map.of() : Map.of(GraphBuilder.STEP_MIXING, tensor);
  }

  @Override
  public void close() {
    if (tensor != null) {
      tensor.close();
    }
  }
}
