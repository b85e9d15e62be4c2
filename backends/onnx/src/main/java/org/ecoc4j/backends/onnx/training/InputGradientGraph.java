package org.ecoc4j.backends.onnx.training;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.util.Arrays;
import java.util.List;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.backends.onnx.autodiff.Differentiator;
import org.ecoc4j.backends.onnx.graph.EarlySampling;
import org.ecoc4j.backends.onnx.graph.FrozenScaleFolding;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;
import org.ecoc4j.backends.onnx.graph.TensorInfo;
import org.ecoc4j.backends.onnx.zoo.ZooModel;

/**
 * The frame {@link AttackGraph} and {@link ObjectiveGraph} share: a graph with image and label
 * inputs of a fixed batch size, the model's parameters frozen as constants and its inference
 * forward pass, with the per-channel scales and shifts after its convolutions (inference-mode
 * batch normalization) folded into their weights ({@link FrozenScaleFolding}) and the sampling of
 * strided 1x1 convolutions taken before the per-element operations that feed them ({@link
 * EarlySampling}) ({@link #start});
 * then, once the caller has appended per-sample values, their
 * output as {@value AttackGraph#LOSSES} and the gradient of their sum with respect to the images
 * as {@value AttackGraph#INPUT_GRADIENT} ({@link #finish}), or the values alone, without the
 * backward pass ({@link #finishLossesOnly}).
 */
final class InputGradientGraph {

  private final GraphBuilder g;
  private final String images;
  private final String labels;
  private final String scores;

  private InputGradientGraph(GraphBuilder g, String images, String labels, String scores) {
    this.g = g;
    this.images = images;
    this.labels = labels;
    this.scores = scores;
  }

  /**
   * Builds the inputs, the frozen parameters and the forward pass.
   *
   * @throws IllegalArgumentException for a batch below 1, or a missing parameter or one of the
   *     wrong size
   */
  static InputGradientGraph start(ZooModel model, int batch, Checkpoint parameters) {
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
    FrozenScaleFolding.fold(g);
    EarlySampling.apply(g);
    return new InputGradientGraph(g, images, labels, scores);
  }

  /** The graph being built. */
  GraphBuilder graph() {
    return g;
  }

  /** The label input, int64 [B]. */
  String labels() {
    return labels;
  }

  /** The model's output, [B, members * outputs]. */
  String scores() {
    return scores;
  }

  /**
   * Outputs {@code perSample} and the gradient of its sum with respect to the images, and returns
   * the finished model.
   *
   * @param perSample a [B] tensor of the graph
   * @param name the graph's name
   * @param differentiator the gradient rules (portable ones for devices without CPU-only kernels)
   */
  ModelProto finish(String perSample, String name, Differentiator differentiator) {
    String total = g.reduceSum(perSample, false);
    differentiator
        .differentiate(g, total, List.of(images), n -> AttackGraph.INPUT_GRADIENT);
    g.output(g.identityNamed(perSample, AttackGraph.LOSSES));
    g.output(AttackGraph.INPUT_GRADIENT);
    return g.model(name);
  }

  /**
   * Outputs {@code perSample} only, and returns the finished model: no gradient nodes.
   *
   * @param perSample a [B] tensor of the graph
   * @param name the graph's name
   */
  ModelProto finishLossesOnly(String perSample, String name) {
    g.output(g.identityNamed(perSample, AttackGraph.LOSSES));
    return g.model(name);
  }
}
