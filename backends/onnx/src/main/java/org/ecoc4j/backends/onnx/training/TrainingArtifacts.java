package org.ecoc4j.backends.onnx.training;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.training.ProjectionHead;
import org.ecoc4j.api.symbolic.BatchMixing;
import org.ecoc4j.backends.onnx.autodiff.Differentiator;
import org.ecoc4j.backends.onnx.graph.ElementType;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;
import org.ecoc4j.backends.onnx.graph.TensorInfo;
import org.ecoc4j.backends.onnx.zoo.Forward;
import org.ecoc4j.backends.onnx.zoo.ParameterSpec;
import org.ecoc4j.backends.onnx.zoo.ZooModel;

/**
 * Everything ONNX Runtime's training session needs for one model and loss: the training, eval and
 * optimizer models and a checkpoint of initial parameters.
 *
 * <p>The training model takes {@value #IMAGES} (float [B, C, H, W]) and {@value #LABELS} (int64
 * [B]) for a fixed batch size B, every parameter as an input, one noise input per dropout layer
 * (listed in {@link #dropoutNoise()}), a gradient accumulation buffer per trainable parameter and
 * {@value #LAZY_RESET_GRAD}; it outputs {@value #LOSS}, {@value #SCORES},
 * the next value of each frozen statistic (named after it with {@value #STATISTIC_SUFFIX}, which
 * the session writes back after each step) and the accumulators' flags. The eval model takes
 * {@value #IMAGES} of any batch size (exactly {@code K} for a model with an {@linkplain
 * org.ecoc4j.api.backend.ModelSpec#inputMixing() input mixing} of {@code K} images, whose training
 * batch must be {@code K} too) and outputs {@value #SCORES}, normalizing with the stored
 * statistics; it is what {@code ExportModelForInferencing} exports.
 *
 * <p>Dropout draws no random numbers inside the graph: each dropout layer keeps the elements whose
 * noise input exceeds its ratio, and the caller feeds every noise input, for every step, with
 * uniform noise in [0, 1) of the input's declared shape. A trainer that draws it from the run's
 * seed, the epoch, the batch and the layer repeats an uninterrupted run's masks when it resumes,
 * so the checkpoint holds no random state. The same holds for a model whose input mixing is
 * {@linkplain org.ecoc4j.api.symbolic.BatchMixing#drawnPerStep drawn per step} (mixup): the
 * training model reads the step's matrix from the input {@value GraphBuilder#STEP_MIXING} (float
 * [outputs, inputs]), which the network's input mixing and the loss's mixed rows share, and the
 * caller feeds the matrix {@link #stepMixing()} draws from the step's seed. The user inputs of a
 * training step, in graph order, are {@value #IMAGES}, {@value #LABELS}, the step mixing when there
 * is one, and then the noise inputs. The eval model has no dropout and no mixing drawn per step.
 *
 * @param trainingModel serialised training model
 * @param evalModel serialised eval model
 * @param optimizerModel serialised optimizer model (AdamW, or SGD with momentum)
 * @param checkpoint serialised checkpoint of the initial parameters
 * @param parameters the parameters, in graph order
 * @param dropoutNoise the training model's noise inputs, one per dropout layer, in graph order
 *     (empty for a model without dropout)
 * @param batchSize the fixed batch size of the training model
 * @param stepMixing the input mixing drawn per step whose matrix the training model reads from
 *     {@value GraphBuilder#STEP_MIXING}, or empty
 */
public record TrainingArtifacts(
    byte[] trainingModel,
    byte[] evalModel,
    byte[] optimizerModel,
    byte[] checkpoint,
    List<ParameterSpec> parameters,
    List<String> dropoutNoise,
    int batchSize,
    Optional<BatchMixing> stepMixing) {

  /** Input name of the images. */
  public static final String IMAGES = "images";
  /** Input name of the labels. */
  public static final String LABELS = "labels";
  /** Output name of the training loss. */
  public static final String LOSS = "loss";
  /** Output name of the network's scores. */
  public static final String SCORES = "scores";
  /** Suffix of the outputs holding the next value of a frozen statistic. */
  public static final String STATISTIC_SUFFIX = ".next";
  /** Input name of ONNX Runtime's gradient reset flag. */
  public static final String LAZY_RESET_GRAD = "lazy_reset_grad";

  /** Copies the lists. */
  public TrainingArtifacts {
    parameters = List.copyOf(parameters);
    dropoutNoise = List.copyOf(dropoutNoise);
    Objects.requireNonNull(stepMixing, "stepMixing");
  }

  /** Artifacts of a training model without a mixing drawn per step. */
  public TrainingArtifacts(
      byte[] trainingModel,
      byte[] evalModel,
      byte[] optimizerModel,
      byte[] checkpoint,
      List<ParameterSpec> parameters,
      List<String> dropoutNoise,
      int batchSize) {
    this(trainingModel, evalModel, optimizerModel, checkpoint, parameters, dropoutNoise,
        batchSize, Optional.empty());
  }

  /**
   * Builds the artifacts for a model, a loss and a training configuration; initial parameters
   * are drawn from the configuration's seed.
   *
   * @throws IllegalArgumentException when the loss does not fit the model
   */
  public static TrainingArtifacts build(ZooModel model, LossSpec loss, TrainingConfig config) {
    return build(model, loss, config, OptimizerSpec.adamW(config));
  }

  /**
   * Builds the artifacts with another optimizer (e.g. SGD with momentum); the configuration's
   * AdamW settings are then unused.
   *
   * @throws IllegalArgumentException when the loss does not fit the model
   */
  public static TrainingArtifacts build(
      ZooModel model, LossSpec loss, TrainingConfig config, OptimizerSpec optimizer) {
    return build(model, loss, config, optimizer, Differentiator.standard());
  }

  /**
   * Builds the artifacts with another optimizer and differentiator ({@link
   * Differentiator#portable()} for devices without ONNX Runtime's CPU-only gradient kernels).
   *
   * @throws IllegalArgumentException when the loss does not fit the model, or the model's input
   *     mixing does not take the configuration's batch size
   */
  public static TrainingArtifacts build(
      ZooModel model, LossSpec loss, TrainingConfig config, OptimizerSpec optimizer,
      Differentiator differentiator) {
    return build(model, model, loss, config, optimizer, differentiator);
  }

  /**
   * Builds the artifacts of a network trained on mixed batches and deployed on plain ones: the
   * training model runs {@code trained} (the deployed network with an {@linkplain
   * org.ecoc4j.api.backend.ModelSpec#inputMixing() input mixing} of the configuration's batch
   * size, whose loss sees the mixed batch's outputs), the eval model runs {@code deployed}, on
   * batches of any size. Both must have the same parameters.
   *
   * @throws IllegalArgumentException when the loss does not fit the trained model, its input
   *     mixing does not take the configuration's batch size, or the parameters differ
   */
  public static TrainingArtifacts build(
      ZooModel trained, ZooModel deployed, LossSpec loss, TrainingConfig config,
      OptimizerSpec optimizer, Differentiator differentiator) {
    return build(trained, deployed, Optional.empty(), loss, config, optimizer, differentiator);
  }

  /**
   * Builds the artifacts of a stage that trains a {@linkplain ProjectionHead projection head} on
   * top of the network ({@link ProjectionHeadGraph}): the training model appends the head to the
   * network's outputs and hands its output to the loss as {@link GraphTerms#projection()} (the
   * {@value #SCORES} output stays the network's), the head's parameters follow the network's in
   * {@link #parameters()} and in the checkpoint (initialized from the configuration's seed), and
   * the eval model runs the network without the head; it declares the head's parameters as inputs
   * it does not read, so that both models take the same parameters. Without a head this is the
   * build above.
   *
   * @throws IllegalArgumentException as the build above, and when a head is given to a loss that
   *     never reads it or a model parameter has a head parameter's name
   */
  public static TrainingArtifacts build(
      ZooModel trained, ZooModel deployed, Optional<ProjectionHead> head, LossSpec loss,
      TrainingConfig config, OptimizerSpec optimizer, Differentiator differentiator) {
    Objects.requireNonNull(head, "head");
    if (!trained.parameters().equals(deployed.parameters())) {
      throw new IllegalArgumentException(
          "the trained model " + trained.spec() + " and the deployed model " + deployed.spec()
              + " have different parameters");
    }
    ZooModel model = trained;
    loss.checkFits(model.spec());
    model.spec().inputMixing().ifPresent(mixing -> mixing.checkBatch(config.batchSize()));
    model.spec().blockMixing()
        .ifPresent(mixing -> mixing.entering().checkBatch(config.batchSize()));
    if (deployed.spec().inputMixing().filter(BatchMixing::drawnPerStep).isPresent()) {
      throw new IllegalArgumentException(
          "the deployed model " + deployed.spec() + " mixes its batches by a mixing drawn per"
              + " step, which runs in training only");
    }
    if (model.parameters().stream().noneMatch(ParameterSpec::trainable)) {
      throw new IllegalArgumentException(
          "model '" + model.spec().architecture() + "' has no trainable parameters");
    }
    int batch = config.batchSize();
    Optional<ProjectionHeadGraph> projection = head.map(h -> ProjectionHeadGraph.on(model, h));
    List<ParameterSpec> headParameters =
        projection.map(ProjectionHeadGraph::parameters).orElse(List.of());
    List<ParameterSpec> params = new ArrayList<>(model.parameters());
    params.addAll(headParameters);
    TrainingModel training =
        trainingModel(
            model, projection, params, loss, batch, optimizer.coupledWeightDecay(),
            differentiator);
    Checkpoint initial = Checkpoint.initial(model, params, config.seed());
    return new TrainingArtifacts(
        training.model().toByteArray(),
        evalModel(deployed, headParameters).toByteArray(),
        optimizer.graph().toByteArray(),
        CheckpointWriter.write(initial.trainable(), initial.frozen()),
        params,
        training.dropoutNoise(),
        batch,
        model.spec().inputMixing().filter(BatchMixing::drawnPerStep));
  }

  /** The training model and the noise inputs its dropout layers declared. */
  private record TrainingModel(ModelProto model, List<String> dropoutNoise) {}

  private static TrainingModel trainingModel(
      ZooModel model, Optional<ProjectionHeadGraph> head, List<ParameterSpec> params,
      LossSpec loss, int batch, double weightDecay, Differentiator differentiator) {
    GraphBuilder g = new GraphBuilder();
    ImageShape shape = model.spec().input();
    String images =
        g.input(IMAGES, TensorInfo.floats(batch, shape.channels(), shape.height(), shape.width()));
    String labels = g.input(LABELS, TensorInfo.longs(batch));
    Optional<BatchMixing> drawn = model.spec().inputMixing().filter(BatchMixing::drawnPerStep);
    drawn.ifPresent(g::stepMixing);
    List<String> trainable = new ArrayList<>();
    for (ParameterSpec p : params) {
      g.input(p.name(), TensorInfo.floats(p.dims()));
      if (p.trainable()) {
        trainable.add(p.name());
      }
    }
    Forward forward = model.forward(g, images, true);
    String scores = forward.output();
    String projection = head.map(h -> h.append(g, scores)).orElse(null);
    LossTensors losses = LossGraph.append(g, loss, model.spec(), scores, labels, projection);
    if (drawn.isEmpty() && g.inputs().contains(GraphBuilder.STEP_MIXING)) {
      throw new IllegalArgumentException(
          "the loss " + loss + " mixes rows by a mixing drawn per step that the model's"
              + " input mixing is not");
    }
    Map<String, String> grads =
        weightDecay == 0
            ? differentiator.differentiate(g, losses.loss(), trainable, n -> n + "_grad")
            : withWeightDecay(differentiator, g, losses.loss(), trainable, weightDecay);
    String reset = g.input(LAZY_RESET_GRAD, new TensorInfo(ElementType.BOOL, new long[] {1}));
    List<String> flags = new ArrayList<>();
    for (ParameterSpec p : params) {
      if (!p.trainable()) {
        continue;
      }
      String buffer =
          g.input(p.name() + "_grad.accumulation.buffer", TensorInfo.floats(p.dims()));
      flags.add(
          g.node(
                  "InPlaceAccumulatorV2",
                  GraphBuilder.MS_DOMAIN,
                  List.of(buffer, grads.get(p.name()), reset),
                  List.of(p.name() + "_grad.accumulation.out"),
                  List.of(new TensorInfo(ElementType.BOOL, new long[] {1})),
                  List.of())
              .get(0));
    }
    g.output(g.identityNamed(losses.loss(), LOSS));
    g.output(g.identityNamed(scores, SCORES));
    for (ParameterSpec p : model.parameters()) {
      String next = forward.statisticUpdates().get(p.name());
      if (!p.trainable() && next != null) {
        g.output(g.identityNamed(next, p.name() + STATISTIC_SUFFIX));
      }
    }
    flags.forEach(g::output);
    return new TrainingModel(g.model("training"), forward.dropoutNoise());
  }

  /** Gradients of {@code loss + weightDecay / 2 * sum(P^2)}: the loss's gradient plus decay P. */
  private static Map<String, String> withWeightDecay(
      Differentiator differentiator, GraphBuilder g, String loss, List<String> trainable,
      double weightDecay) {
    Map<String, String> raw =
        differentiator.differentiate(g, loss, trainable, n -> n + "_loss_gradient");
    String decay = g.scalar("weight_decay", (float) weightDecay);
    Map<String, String> total = new LinkedHashMap<>();
    for (String p : trainable) {
      total.put(p, g.identityNamed(g.add(raw.get(p), g.mul(p, decay)), p + "_grad"));
    }
    return total;
  }

  private static ModelProto evalModel(ZooModel model, List<ParameterSpec> unread) {
    GraphBuilder g = new GraphBuilder();
    ImageShape shape = model.spec().input();
    long batch = model.spec().inputMixing().map(m -> (long) m.inputs())
        .or(() -> model.spec().blockMixing().map(m -> (long) m.inputs()))
        .orElse(TensorInfo.BATCH);
    String images =
        g.input(IMAGES, TensorInfo.floats(batch, shape.channels(), shape.height(), shape.width()));
    for (ParameterSpec p : model.parameters()) {
      g.input(p.name(), TensorInfo.floats(p.dims()));
    }
    for (ParameterSpec p : unread) {
      g.input(p.name(), TensorInfo.floats(p.dims()));
    }
    g.output(g.identityNamed(model.forward(g, images, false).output(), SCORES));
    return g.model("eval");
  }
}
