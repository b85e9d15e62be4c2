package org.ecoc4j.backends.onnx.training;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.ecoc4j.api.attack.Objective;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.symbolic.Term;
import org.ecoc4j.backends.onnx.autodiff.Differentiator;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;
import org.ecoc4j.backends.onnx.graph.TensorInfo;
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
    if (batch < 1) {
      throw new IllegalArgumentException("batch must be positive, got " + batch);
    }
    GraphBuilder g = new GraphBuilder();
    ImageShape shape = model.spec().input();
    String images =
        g.input(
            TrainingArtifacts.IMAGES,
            TensorInfo.floats(batch, shape.channels(), shape.height(), shape.width()));
    String labels = g.input(TrainingArtifacts.LABELS, TensorInfo.longs(batch));
    model.parameters().forEach(p -> {
      NamedTensor value = parameters.parameter(p.name());
      if (!Arrays.equals(value.dims(), p.dims())) {
        throw new IllegalArgumentException(
            "parameter " + p.name() + " has dims " + Arrays.toString(value.dims())
                + ", model expects " + Arrays.toString(p.dims()));
      }
      g.namedConstant(p.name(), value.values(), p.dims());
    });
    String scores = model.forward(g, images, false).output();
    GraphTerms terms = new GraphTerms(g, model.spec(), loss, scores, labels);
    Term value = objective.loss(terms);
    if (value.width() != 1) {
      throw new IllegalArgumentException(
          "objective '" + objective.name() + "' must give one value per sample, gave "
              + value.width());
    }
    String perSample = g.reshape(terms.tensor(value), -1);
    String total = g.reduceSum(perSample, false);
    Differentiator.standard()
        .differentiate(g, total, List.of(images), n -> AttackGraph.INPUT_GRADIENT);
    g.output(g.identityNamed(perSample, AttackGraph.LOSSES));
    g.output(AttackGraph.INPUT_GRADIENT);
    return g.model("objective-" + objective.name());
  }
}
