package org.ecoc4j.backends.ort;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.training.StageNetwork;
import org.ecoc4j.api.training.TrainingEngine;
import org.ecoc4j.api.training.TrainingProgress;
import org.ecoc4j.api.training.TrainingStage;
import org.ecoc4j.backends.onnx.autodiff.ConvGradient;
import org.ecoc4j.backends.onnx.autodiff.ConvGradientRules;
import org.ecoc4j.backends.onnx.autodiff.Differentiator;
import org.ecoc4j.backends.onnx.autodiff.LayerRules;
import org.ecoc4j.backends.onnx.autodiff.PoolingRules;
import org.ecoc4j.backends.onnx.training.Checkpoint;
import org.ecoc4j.backends.onnx.training.CheckpointReader;
import org.ecoc4j.backends.onnx.training.CheckpointWriter;
import org.ecoc4j.backends.onnx.training.NamedTensor;
import org.ecoc4j.backends.onnx.training.OptimizerSpec;
import org.ecoc4j.backends.onnx.training.TrainingArtifacts;
import org.ecoc4j.backends.onnx.zoo.ZooModel;

/**
 * The ort backend's part of training: builds a stage's training artifacts (training, eval and
 * optimizer graphs for the stage's loss, batch size and optimizer; a stage's {@linkplain
 * TrainingStage#batchMixing() batch mixing} or {@linkplain TrainingStage#blockMixing() block
 * mixing} goes into the training graph only, the eval graph runs
 * the plain network, and so does a stage's {@linkplain TrainingStage#head() projection head}, whose
 * parameters the next stage leaves behind) and opens them in an ONNX
 * Runtime training session, from the initialization of the stage's seed, from the previous
 * stage's weights, or from a checkpoint; checkpoints are ONNX Runtime's, with the run's progress
 * in their property bag ({@link ProgressProperties}).
 */
public final class OrtTrainingEngine implements TrainingEngine {

  private final OrtSettings settings;
  private final Function<ModelSpec, ZooModel> architectures;
  private final Function<TrainingConfig, OptimizerSpec> optimizer;

  /**
   * An engine on {@code settings}' device.
   *
   * @param architectures the network of a model specification (the zoo's, or an imported file)
   * @param optimizer the optimizer of a stage's configuration (e.g. {@link OptimizerSpec#adamW})
   */
  public OrtTrainingEngine(
      OrtSettings settings,
      Function<ModelSpec, ZooModel> architectures,
      Function<TrainingConfig, OptimizerSpec> optimizer) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.architectures = Objects.requireNonNull(architectures, "architectures");
    this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
  }

  /**
   * The differentiator of training, attack and objective graphs under {@code settings}: ONNX
   * Runtime's gradient kernels where they exist on every device, and the portable rules (max
   * pooling through a scatter) instead of the CPU-only {@code MaxPoolGrad} on CUDA; on the CPU max
   * pooling over tiling windows and windows that move by one by comparison instead of {@code
   * MaxPoolGrad}, and the
   * convolutions of one input that run through an im2col merged into one (an ensemble's first
   * layers; both in {@link #deviceRules}); Conv as the settings'
   * {@link OrtSettings#effectiveConvGradient()} says, except that {@link ConvGradient#AUTO}
   * builds the weight gradients of kernels up to 3x3 as one correlation where the training
   * session runs its convolutions in NCHWc blocks of b channels and the batch and the output
   * channels are multiples of b ({@link ConvGradientRules#smallKernelsByCorrelation}): the
   * blocked kernels run that correlation faster than the GEMM rule's im2col and GEMM, and without
   * the im2col matrix; under the same rule 1x1 kernels' weight gradients are per-sample products
   * and strided 3x3 ones {@code ConvGrad}'s (both measured faster on this CPU path), and the
   * input gradients of strided 1x1 kernels are spread by a {@code Pad} that the blocked
   * activations' rewrite keeps blocked. Attack and objective graphs take the same rules: their
   * weights are constants, so only the input gradients are built, and their graphs are blocked
   * too ({@link ConvLayout#attackModel}), where the spread made resnet20v2's attack steps 9 to 13
   * % faster than {@code ConvTranspose} (backends/ort's README).
   *
   * @throws UnsupportedOperationException for a conv layout that cannot run on the device
   */
  static Differentiator differentiator(OrtSettings settings) {
    ConvGradient choice = settings.effectiveConvGradient();
    int block = settings.convLayout().trainingBlock(settings.device());
    if (choice == ConvGradient.AUTO && block > 0) {
      return deviceRules(settings).withRule("Conv",
          ConvGradientRules.smallKernelsByCorrelation(block));
    }
    return deviceRules(settings).withConvGradient(choice);
  }

  /**
   * The rules of the device: on CUDA the portable ones; on the CPU the standard ones, with max
   * pooling over windows that tile the input or move by one differentiated by comparing the
   * input with the maxima ({@link PoolingRules#maxPoolByComparison}: {@code MaxPoolGrad}'s
   * gradients, bit for bit for tiling windows and within rounding for the others, without Indices
   * in the forward pass and without the one-thread {@code MaxPoolGrad}),
   * and with the convolutions of one input merged into one ({@link
   * Differentiator#mergingSharedInputConvolutions}, e.g. the first layers of an ensemble's
   * members) where their output channels are not a multiple of the NCHWc block (all where the CPU
   * has no NCHWc kernels). Such convolutions run through an im2col matrix, which the merged one
   * builds once (lenet's 3-member steps 5 to 20 % faster); a blocked convolution reads its input
   * directly, and the channel split of its blocked output adds a reorder: merging those made
   * resnet20v2's 3-member steps 4 to 8 % slower (backends/ort's README). CUDA keeps its
   * convolutions as built (not measured there).
   */
  private static Differentiator deviceRules(OrtSettings settings) {
    if (settings.device() == OrtDevice.CUDA) {
      return Differentiator.portable();
    }
    int block = NchwcBlock.detected().size();
    return Differentiator.standard()
        .withRule("MaxPool", PoolingRules.maxPoolByComparison(LayerRules.MAX_POOL))
        .mergingSharedInputConvolutions(channels -> block == 0 || channels % block != 0);
  }

  @Override
  public StageNetwork start(
      ModelSpec model, TrainingStage stage, int stageIndex, StageNetwork previous) {
    if (previous != null && !(previous instanceof OrtStageNetwork)) {
      throw new IllegalArgumentException(
          "stage '" + stage.name() + "' cannot start from the weights of another backend's"
              + " network");
    }
    Built built = build(model, stage);
    byte[] initial = built.artifacts.checkpoint();
    if (previous != null) {
      initial = withWeightsOf(((OrtStageNetwork) previous).parameters(), initial);
    }
    return open(built, initial);
  }

  @Override
  public StageNetwork resume(
      ModelSpec model, TrainingStage stage, int stageIndex, Path checkpoint) {
    return open(build(model, stage), read(checkpoint));
  }

  @Override
  public TrainingProgress progress(Path checkpoint) {
    return ProgressProperties.read(read(checkpoint));
  }

  private record Built(ZooModel model, TrainingStage stage, TrainingArtifacts artifacts,
      OptimizerSpec optimizer) {}

  private Built build(ModelSpec model, TrainingStage stage) {
    ZooModel network = architectures.apply(model);
    ZooModel trained =
        stage.batchMixing()
            .map(mixing -> architectures.apply(model.withInputMixing(mixing)))
            .or(() -> stage.blockMixing()
                .map(mixing -> architectures.apply(model.withBlockMixing(mixing))))
            .orElse(network);
    OptimizerSpec chosen = optimizer.apply(stage.config());
    TrainingArtifacts artifacts =
        TrainingArtifacts.build(
            trained, network, stage.head(), stage.loss(), stacked(stage), chosen,
            differentiator(settings));
    return new Built(network, stage, artifacts, chosen);
  }

  /**
   * The stage's settings with the batch the graph takes: the views of a batch are stacked, view
   * after view, so a stage of V views steps on V x batchSize rows (its loss sees them so: rows
   * {@code v * B .. (v + 1) * B - 1} are view v).
   */
  private static TrainingConfig stacked(TrainingStage stage) {
    TrainingConfig c = stage.config();
    int views = stage.views().size();
    return views == 1 ? c : new TrainingConfig(c.epochs(), Math.multiplyExact(views, c.batchSize()),
        c.learningRate(), c.weightDecay(), c.beta1(), c.beta2(), c.epsilon(), c.seed(),
        c.shuffle(), c.schedule());
  }

  private StageNetwork open(Built built, byte[] checkpoint) {
    TrainingSession session = new TrainingSession(built.artifacts, checkpoint, settings);
    try {
      return new OrtStageNetwork(
          built.model, built.stage.loss(), built.stage.views().size(), built.artifacts, session,
          settings,
          built.optimizer.learningRateScale());
    } catch (RuntimeException e) {
      session.close();
      throw e;
    }
  }

  /**
   * The initial checkpoint {@code initial} with every parameter that {@code previous} holds under
   * the same name and shape replaced by its value there.
   */
  private static byte[] withWeightsOf(Checkpoint previous, byte[] initial) {
    Checkpoint start = CheckpointReader.read(initial);
    return CheckpointWriter.write(
        carried(previous, start.trainable()), carried(previous, start.frozen()));
  }

  private static List<NamedTensor> carried(Checkpoint previous, List<NamedTensor> own) {
    List<NamedTensor> result = new ArrayList<>(own.size());
    for (NamedTensor t : own) {
      NamedTensor kept = t;
      for (List<NamedTensor> group : List.of(previous.trainable(), previous.frozen())) {
        for (NamedTensor p : group) {
          if (p.name().equals(t.name()) && Arrays.equals(p.dims(), t.dims())) {
            kept = p;
          }
        }
      }
      result.add(kept);
    }
    return result;
  }

  private static byte[] read(Path checkpoint) {
    try {
      return Files.readAllBytes(checkpoint);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read checkpoint " + checkpoint, e);
    }
  }
}
