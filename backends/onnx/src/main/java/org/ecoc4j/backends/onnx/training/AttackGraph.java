package org.ecoc4j.backends.onnx.training;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.util.Arrays;
import java.util.List;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.backends.onnx.autodiff.Differentiator;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;
import org.ecoc4j.backends.onnx.graph.TensorInfo;
import org.ecoc4j.backends.onnx.zoo.ZooModel;

/**
 * An inference model that returns, for a batch of fixed size, the per-sample losses
 * ({@value #LOSSES}, [B]) and the gradient of their sum with respect to the images
 * ({@value #INPUT_GRADIENT}, [B, C, H, W]), with the parameters frozen as initializers. Samples do
 * not interact, so row {@code b} of the gradient is the gradient of sample {@code b}'s own loss.
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
   * @throws IllegalArgumentException for a missing parameter or one of the wrong size
   */
  public static ModelProto build(ZooModel model, LossSpec loss, int batch, Checkpoint parameters) {
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
    LossTensors losses = LossGraph.append(g, loss, model.spec(), scores, labels);
    String objective = g.reduceSum(losses.perSample(), false);
    Differentiator.standard()
        .differentiate(g, objective, List.of(images), n -> INPUT_GRADIENT);
    g.output(g.identityNamed(losses.perSample(), LOSSES));
    g.output(INPUT_GRADIENT);
    return g.model("attack");
  }
}
