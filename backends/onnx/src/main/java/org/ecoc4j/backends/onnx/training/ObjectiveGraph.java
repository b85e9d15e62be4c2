package org.ecoc4j.backends.onnx.training;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.util.Objects;
import org.ecoc4j.api.attack.Objective;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.symbolic.Term;
import org.ecoc4j.backends.onnx.autodiff.Differentiator;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;
import org.ecoc4j.backends.onnx.zoo.ZooModel;

/**
 * Like {@link AttackGraph}, for any attack {@link Objective}: an inference model that returns, for
 * a batch of fixed size, the objective's per-sample values ({@value AttackGraph#LOSSES}, [B]) and
 * the gradient of their sum with respect to the images ({@value AttackGraph#INPUT_GRADIENT}), with
 * the parameters frozen as initializers. The objective is compiled through {@link GraphTerms}.
 * {@link #buildLossesOnly} gives the values alone.
 */
public final class ObjectiveGraph {

  private ObjectiveGraph() {}

  /**
   * Builds the model.
   *
   * @param model the architecture
   * @param loss the network's training loss (the {@code loss} objective, and how class scores are
   *     read)
   * @param objective the objective whose values and input gradient are returned
   * @param batch fixed batch size
   * @param parameters trained values of every parameter of {@code model}
   * @param differentiator the gradient rules: {@link Differentiator#standard()}, or {@link
   *     Differentiator#portable()} for a device without ONNX Runtime's CPU-only gradient kernels
   * @throws IllegalArgumentException for a missing or mis-shaped parameter, or an objective that
   *     does not give one value per sample
   */
  public static ModelProto build(
      ZooModel model, LossSpec loss, Objective objective, int batch, Checkpoint parameters,
      Differentiator differentiator) {
    InputGradientGraph frame = InputGradientGraph.start(model, batch, parameters);
    return frame.finish(
        values(frame, model, loss, objective), "objective-" + objective.name(), differentiator);
  }

  /**
   * Builds the loss-only variant: the same inputs and per-sample {@value AttackGraph#LOSSES},
   * without the backward pass and the {@value AttackGraph#INPUT_GRADIENT} output (what
   * score-based attacks query).
   *
   * @throws IllegalArgumentException as {@link #build} does
   */
  public static ModelProto buildLossesOnly(
      ZooModel model, LossSpec loss, Objective objective, int batch, Checkpoint parameters) {
    InputGradientGraph frame = InputGradientGraph.start(model, batch, parameters);
    return frame.finishLossesOnly(
        values(frame, model, loss, objective), "objective-losses-" + objective.name());
  }

  /** Compiles the objective onto the frame's scores and labels: its [B] values. */
  private static String values(
      InputGradientGraph frame, ZooModel model, LossSpec loss, Objective objective) {
    Objects.requireNonNull(objective, "objective");
    GraphBuilder g = frame.graph();
    GraphTerms terms = new GraphTerms(g, model.spec(), loss, frame.scores(), frame.labels());
    Term value = objective.loss(terms);
    if (value.width() != 1) {
      throw new IllegalArgumentException(
          "objective '" + objective.name() + "' must give one value per sample, gave "
              + value.width());
    }
    return g.reshape(terms.tensor(value), -1);
  }
}
