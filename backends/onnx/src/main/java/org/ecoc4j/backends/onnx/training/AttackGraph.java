package org.ecoc4j.backends.onnx.training;

import ai.onnx.proto.OnnxMl.ModelProto;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.backends.onnx.autodiff.Differentiator;
import org.ecoc4j.backends.onnx.zoo.ZooModel;

/**
 * An inference model that returns, for a batch of fixed size, the per-sample losses
 * ({@value #LOSSES}, [B]) and the gradient of their sum with respect to the images
 * ({@value #INPUT_GRADIENT}, [B, C, H, W]), with the parameters frozen as initializers. Samples do
 * not interact, so row {@code b} of the gradient is the gradient of sample {@code b}'s own loss.
 * {@link #buildLossesOnly} gives the losses alone.
 */
public final class AttackGraph {

  /** Output name of the per-sample losses. */
  public static final String LOSSES = "losses";
  /** Output name of the input gradient. */
  public static final String INPUT_GRADIENT = "input_gradient";

  private AttackGraph() {}

  /**
   * Builds the model.
   *
   * @param model the architecture
   * @param loss the objective whose gradient is returned
   * @param batch fixed batch size
   * @param parameters trained values of every parameter of {@code model}
   * @param differentiator the gradient rules: {@link Differentiator#standard()}, or {@link
   *     Differentiator#portable()} for a device without ONNX Runtime's CPU-only gradient kernels
   * @throws IllegalArgumentException for a missing parameter or one of the wrong size
   */
  public static ModelProto build(
      ZooModel model, LossSpec loss, int batch, Checkpoint parameters,
      Differentiator differentiator) {
    InputGradientGraph frame = InputGradientGraph.start(model, batch, parameters);
    LossTensors losses =
        LossGraph.append(frame.graph(), loss, model.spec(), frame.scores(), frame.labels());
    return frame.finish(losses.perSample(), "attack", differentiator);
  }

  /**
   * Builds the loss-only variant: the same inputs and per-sample {@value #LOSSES}, without the
   * backward pass and the {@value #INPUT_GRADIENT} output (what score-based attacks query).
   *
   * @throws IllegalArgumentException as {@link #build} does
   */
  public static ModelProto buildLossesOnly(
      ZooModel model, LossSpec loss, int batch, Checkpoint parameters) {
    InputGradientGraph frame = InputGradientGraph.start(model, batch, parameters);
    LossTensors losses =
        LossGraph.append(frame.graph(), loss, model.spec(), frame.scores(), frame.labels());
    return frame.finishLossesOnly(losses.perSample(), "attack-losses");
  }
}
