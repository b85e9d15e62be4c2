package org.ecoc4j.backends.onnx.training;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.util.Objects;
import org.ecoc4j.api.attack.Objective;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.symbolic.Term;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;
import org.ecoc4j.backends.onnx.zoo.ZooModel;

/**
 * Like {@link AttackGraph}, for any attack {@link Objective}: an inference model that returns, for
 * a batch of fixed size, the objective's per-sample values ({@value AttackGraph#LOSSES}, [B]) and
 * the gradient of their sum with respect to the images ({@value AttackGraph#INPUT_GRADIENT}), with
 * the parameters frozen as initializers. The objective is compiled through {@link GraphTerms}.
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
   * @throws IllegalArgumentException for a missing or mis-shaped parameter, or an objective that
   *     does not give one value per sample
   */
  public static ModelProto build(
      ZooModel model, LossSpec loss, Objective objective, int batch, Checkpoint parameters) {
    Objects.requireNonNull(objective, "objective");
    InputGradientGraph frame = InputGradientGraph.start(model, batch, parameters);
    GraphBuilder g = frame.graph();
    GraphTerms terms = new GraphTerms(g, model.spec(), loss, frame.scores(), frame.labels());
    Term value = objective.loss(terms);
    if (value.width() != 1) {
      throw new IllegalArgumentException(
          "objective '" + objective.name() + "' must give one value per sample, gave "
              + value.width());
    }
    return frame.finish(g.reshape(terms.tensor(value), -1), "objective-" + objective.name());
  }
}
