package org.ecoc4j.backends.ort;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.ecoc4j.api.attack.Objective;
import org.ecoc4j.api.backend.EpochSummary;
import org.ecoc4j.api.backend.GradientOracle;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.backend.TrainedNetwork;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.symbolic.BlockMixing;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;
import org.ecoc4j.backends.onnx.graph.TensorInfo;
import org.ecoc4j.backends.onnx.training.Checkpoint;
import org.ecoc4j.backends.onnx.training.NamedTensor;
import org.ecoc4j.backends.onnx.training.TrainingArtifacts;
import org.ecoc4j.backends.onnx.zoo.ZooModel;
import org.ecoc4j.training.AtomicFiles;

/**
 * A trained network's weights in a graph mixed around one block ({@link
 * TrainedNetwork#aroundBlock}): an inference session over the block-mixed forward pass with the
 * weights baked in as constants, taking exactly {@code K} images; its gradient oracles are {@link
 * OrtGradientOracle}s of the same block-mixed model. Its checkpoint is the weights' (the trained
 * network's), its export the mixed graph itself.
 */
final class BlockMixedNetwork implements TrainedNetwork {

  private static final String IMAGES = TrainingArtifacts.IMAGES;
  private static final String SCORES = TrainingArtifacts.SCORES;

  private final TrainedModel trained;
  private final ZooModel model;
  private final LossSpec loss;
  private final Checkpoint parameters;
  private final OrtSettings settings;
  private final byte[] graph;
  private final InferenceSession session;

  /**
   * Builds the mixed graph of {@code model} (whose spec carries the block mixing) on {@code
   * trained}'s current weights.
   *
   * @throws IllegalArgumentException for a block the architecture does not declare
   */
  BlockMixedNetwork(
      TrainedModel trained, ZooModel model, LossSpec loss, Checkpoint parameters,
      OrtSettings settings) {
    this.trained = trained;
    this.model = model;
    this.loss = loss;
    this.parameters = parameters;
    this.settings = settings;
    BlockMixing mixing = model.spec().blockMixing().orElseThrow(() ->
        new IllegalArgumentException(model.spec() + " is not mixed around a block"));
    GraphBuilder g = new GraphBuilder();
    ImageShape shape = model.spec().input();
    String images = g.input(IMAGES,
        TensorInfo.floats(mixing.inputs(), shape.channels(), shape.height(), shape.width()));
    model.parameters().forEach(p -> {
      NamedTensor value = parameters.parameter(p.name());
      g.namedConstant(p.name(), value.values(), p.dims());
    });
    g.output(g.identityNamed(model.forward(g, images, false).output(), SCORES));
    this.graph = g.model("block_mixed").toByteArray();
    this.session = new InferenceSession(graph, settings);
  }

  @Override
  public ModelSpec spec() {
    return model.spec();
  }

  @Override
  public List<EpochSummary> history() {
    return trained.history();
  }

  /**
   * The mixed network's rows for exactly {@code K} images.
   *
   * @throws IllegalArgumentException for another count
   */
  @Override
  public float[] scores(float[] images, int count) {
    BlockMixing mixing = model.spec().blockMixing().orElseThrow();
    mixing.entering().checkBatch(count);
    ImageShape shape = model.spec().input();
    try (NativeTensor x =
        NativeTensor.floats(images, count, shape.channels(), shape.height(), shape.width())) {
      return session.run(Map.of(IMAGES, x), List.of(SCORES)).get(0).values();
    }
  }

  @Override
  public GradientOracle gradientOracle(int maxBatch) {
    return new OrtGradientOracle(model, loss, parameters, maxBatch, settings);
  }

  @Override
  public GradientOracle gradientOracle(int maxBatch, Objective objective) {
    return new OrtGradientOracle(model, loss, objective, parameters, maxBatch, settings);
  }

  /**
   * Writes the block-mixed graph with its weights (input {@code images}, output {@code scores}),
   * atomically.
   */
  @Override
  public void exportInference(Path file) {
    AtomicFiles.write(file, temporary -> {
      try {
        Files.write(temporary, graph);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  /** The trained network's checkpoint: the same weights. */
  @Override
  public void saveCheckpoint(Path file) {
    trained.saveCheckpoint(file);
  }

  @Override
  public void close() {
    session.close();
  }
}
