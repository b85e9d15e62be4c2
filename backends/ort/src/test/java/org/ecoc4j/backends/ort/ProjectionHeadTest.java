package org.ecoc4j.backends.ort;

import static org.ecoc4j.backends.ort.GradientChecker.Input.floats;
import static org.ecoc4j.backends.ort.GradientChecker.Input.longs;
import static org.ecoc4j.backends.ort.GradientChecker.awayFromZero;
import static org.ecoc4j.backends.ort.GradientChecker.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ecoc4j.api.backend.EpochSummary;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.backend.TrainedNetwork;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.data.Batch;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.data.Split;
import org.ecoc4j.api.symbolic.Term;
import org.ecoc4j.api.symbolic.Terms;
import org.ecoc4j.api.training.DataView;
import org.ecoc4j.api.training.ProjectionHead;
import org.ecoc4j.api.training.StageNetwork;
import org.ecoc4j.api.training.StepContext;
import org.ecoc4j.api.training.StepResult;
import org.ecoc4j.api.training.TrainingData;
import org.ecoc4j.api.training.TrainingEngine;
import org.ecoc4j.api.training.TrainingProgress;
import org.ecoc4j.api.training.TrainingStage;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;
import org.ecoc4j.backends.onnx.training.Checkpoint;
import org.ecoc4j.backends.onnx.training.LossGraph;
import org.ecoc4j.backends.onnx.training.NamedTensor;
import org.ecoc4j.backends.onnx.training.OptimizerSpec;
import org.ecoc4j.backends.onnx.training.ProjectionHeadGraph;
import org.ecoc4j.backends.onnx.zoo.Forward;
import org.ecoc4j.backends.onnx.zoo.ModelZoo;
import org.ecoc4j.backends.onnx.zoo.ParameterInitializer;
import org.ecoc4j.backends.onnx.zoo.ParameterSpec;
import org.ecoc4j.backends.onnx.zoo.ZooModel;
import org.ecoc4j.training.TrainingLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A projection head used in one training stage only ({@link TrainingStage#head()}): its graph's
 * gradient against finite differences, a head stage on the bundled Fashion-MNIST sample handing
 * its network (not its head) to the next stage, a deployed model without the head, resume of a
 * two-stage run with a head, and the errors for heads that do not fit.
 */
class ProjectionHeadTest {

  private static final int CLASSES = 10;
  private static final int IMAGES = 16;
  private static final ModelSpec SPEC = new ModelSpec("lenet", new ImageShape(1, 28, 28), 10, 1);
  private static final ProjectionHead HEAD =
      new ProjectionHead(12, 6, ProjectionHead.Activation.RELU);
  private static final Split DATA = FashionSamples.first(128);
  private static final Map<String, String> QUIET = Map.of("progress", "false");

  /** Two noisy views of each image, drawn from the step's seed. */
  private static final List<DataView> VIEWS = List.of(noisy(), noisy());

  private static DataView noisy() {
    return DataView.augmentedBy((batch, seed) -> {
      float[] x = batch.images();
      java.util.Random random = new java.util.Random(seed);
      for (int i = 0; i < batch.size() * batch.shape().size(); i++) {
        x[i] += 0.1f * (float) random.nextGaussian();
      }
    });
  }

  /** InfoNCE of two stacked views of {@code images} images, per row, at temperature 0.5. */
  private static Term infoNce(Terms t, Term z, int images) {
    int rows = 2 * images;
    float[] positives = new float[rows * rows];
    for (int i = 0; i < rows; i++) {
      positives[i * rows + (i + images) % rows] = 1f;
    }
    Term s = t.div(t.cosines(z, z), t.constant(0.5f));
    Term positive = t.rowSum(t.mul(s, t.matrix(positives, rows, rows)));
    return t.sub(t.rowLogSumExp(s, t.sub(t.constant(1f), t.identity(rows))), positive);
  }

  /** InfoNCE on the head's outputs plus a small penalty on the network's own outputs. */
  private static LossSpec pretrainLoss(int classes, int images) {
    return LossSpec.crossEntropy(classes).withTermLoss("InfoNCE on the head + 0.01 |c|^2",
        t -> t.add(infoNce(t, t.projection(), images),
            t.mul(t.constant(0.01f), t.rowSum(t.mul(t.outputs(), t.outputs())))));
  }

  private static TrainingStage pretrain(int epochs) {
    return new TrainingStage("pretrain", pretrainLoss(CLASSES, IMAGES), VIEWS,
        TrainingConfig.adamW(epochs, IMAGES, 3).withLearningRate(3e-3),
        TrainingStage.Start.SCRATCH).withHead(HEAD);
  }

  private static TrainingStage finetune(int epochs, double learningRate) {
    return TrainingStage.of("finetune", LossSpec.crossEntropy(CLASSES),
        TrainingConfig.adamW(epochs, IMAGES, 4).withLearningRate(learningRate))
        .fromPreviousWeights();
  }

  private final OrtBackend backend = new OrtBackend();

  private Checkpoint train(List<TrainingStage> stages, Map<String, String> options) {
    try (TrainedModel model = (TrainedModel) backend.train(
        SPEC, stages, TrainingData.of(DATA, DATA), options)) {
      return model.parameters();
    }
  }

  private static boolean isHead(NamedTensor t) {
    return t.name().startsWith(ProjectionHeadGraph.PREFIX);
  }

  // ---- the graph piece against finite differences ----

  @ParameterizedTest
  @EnumSource(ProjectionHead.Activation.class)
  void theHeadsGradientMatchesFiniteDifferences(ProjectionHead.Activation activation) {
    ProjectionHead head = new ProjectionHead(5, 2, activation);
    ModelSpec spec = new ModelSpec("lenet", new ImageShape(1, 12, 12), 3, 1);
    ProjectionHeadGraph graph = ProjectionHeadGraph.on(ModelZoo.create(spec), head);
    List<GradientChecker.Input> inputs = new ArrayList<>();
    inputs.add(floats("scores", awayFromZero(12, 31, 0.1), 4, 3));
    long seed = 40;
    for (ParameterSpec p : graph.parameters()) {
      inputs.add(floats(p.name(), uniform(p.size(), seed++), p.dims()));
    }
    GradientChecker.forOperators().check(inputs, g -> graph.append(g, "scores"));
  }

  @Test
  void aLossReadingTheHeadAndTheOutputsHasTheGradientOfFiniteDifferences() {
    ModelSpec spec = new ModelSpec("lenet", new ImageShape(1, 12, 12), 3, 1);
    ProjectionHeadGraph graph = ProjectionHeadGraph.on(ModelZoo.create(spec), HEAD);
    List<GradientChecker.Input> inputs = new ArrayList<>();
    inputs.add(floats("scores", awayFromZero(12, 32, 0.1), 4, 3));
    inputs.add(longs("labels", new long[] {0, 2, 1, 2}, 4));
    // hidden pre-activations kept at least 0.1 from the ReLU's kink: weights in [-0.2, 0.2) on
    // three inputs in [0, 1], biases of size 0.7 to 1 (half the units on, half off)
    String hiddenWeight = ProjectionHeadGraph.PREFIX + "fc1.weight";
    String hiddenBias = ProjectionHeadGraph.PREFIX + "fc1.bias";
    long seed = 50;
    for (ParameterSpec p : graph.parameters()) {
      float[] values = p.name().equals(hiddenBias)
          ? awayFromZero(p.size(), seed++, 0.7) : uniform(p.size(), seed++);
      if (p.name().equals(hiddenWeight)) {
        for (int i = 0; i < values.length; i++) {
          values[i] *= 0.2f;
        }
      }
      inputs.add(floats(p.name(), values, p.dims()));
    }
    LossSpec loss = pretrainLoss(3, 2);
    GradientChecker.forOperators().check(inputs, g -> LossGraph.append(
        g, loss, spec, "scores", "labels", graph.append(g, "scores")).perSample());
  }

  // ---- training ----

  /** Records the parameters a stage hands over to the next one. */
  private static final class HandOver implements TrainingEngine {
    private final TrainingEngine engine = engine();
    private final List<Checkpoint> handed = new ArrayList<>();

    @Override
    public StageNetwork start(ModelSpec model, TrainingStage stage, int index,
        StageNetwork previous) {
      if (previous != null) {
        handed.add(((OrtStageNetwork) previous).parameters());
      }
      return engine.start(model, stage, index, previous);
    }

    @Override
    public StageNetwork resume(ModelSpec model, TrainingStage stage, int index, Path checkpoint) {
      return engine.resume(model, stage, index, checkpoint);
    }

    @Override
    public TrainingProgress progress(Path checkpoint) {
      return engine.progress(checkpoint);
    }
  }

  private static OrtTrainingEngine engine() {
    return new OrtTrainingEngine(OrtSettings.cpu(), ModelZoo::create, OptimizerSpec::adamW);
  }

  @Test
  void aHeadStageTrainsOnFashionMnistAndHandsOnItsNetworkWithoutTheHead(@TempDir Path dir)
      throws IOException {
    HandOver engine = new HandOver();
    // the fine-tuning steps are far below float precision: it ends where pretraining left it
    List<TrainingStage> stages = List.of(pretrain(2), finetune(1, 1e-20));
    try (TrainedNetwork trained =
        new TrainingLoop(engine).run(SPEC, stages, TrainingData.of(DATA, DATA))) {
      List<EpochSummary> history = trained.history();
      assertEquals(3, history.size());
      assertTrue(history.get(1).trainLoss() < history.get(0).trainLoss(),
          "InfoNCE on the head falls: " + history);
      assertTrue(Double.isFinite(history.get(0).testAccuracy()), "the head stage classifies");
      Checkpoint pretrained = engine.handed.get(0);
      Map<String, float[]> initial = ParameterInitializer.initialize(
          ProjectionHeadGraph.on(ModelZoo.create(SPEC), HEAD).parameters(), 3);
      List<NamedTensor> head = pretrained.trainable().stream().filter(t -> isHead(t)).toList();
      assertEquals(4, head.size(), "the head's weights and biases");
      float[] w = pretrained.parameter(ProjectionHeadGraph.PREFIX + "fc2.weight").values();
      assertFalse(java.util.Arrays.equals(
          initial.get(ProjectionHeadGraph.PREFIX + "fc2.weight"), w), "the head was trained");

      Checkpoint deployed = ((TrainedModel) trained).parameters();
      assertTrue(deployed.trainable().stream().noneMatch(ProjectionHeadTest::isHead));
      assertTrue(deployed.frozen().stream().noneMatch(ProjectionHeadTest::isHead));
      assertEquals(pretrained.trainable().size() - 4, deployed.trainable().size());
      for (NamedTensor t : deployed.trainable()) {
        float[] before = pretrained.parameter(t.name()).values();
        for (int i = 0; i < before.length; i++) {
          assertEquals(before[i], t.values()[i], 1e-6, t.name() + "[" + i + "]");
        }
      }
      Path exported = dir.resolve("model.onnx");
      trained.exportInference(exported);
      ModelProto model = ModelProto.parseFrom(Files.readAllBytes(exported));
      assertTrue(model.getGraph().getInitializerList().stream()
          .noneMatch(i -> i.getName().startsWith(ProjectionHeadGraph.PREFIX)));
      assertTrue(model.getGraph().getInputList().stream()
          .noneMatch(i -> i.getName().startsWith(ProjectionHeadGraph.PREFIX)));
      assertEquals(CLASSES, model.getGraph().getOutput(0).getType().getTensorType().getShape()
          .getDim(1).getDimValue(), "the deployed model outputs the network's scores");
    }
  }

  /** Stops the run at the first step of {@code epoch} of stage {@code stage}. */
  private static final class Stopping implements TrainingEngine {
    private final TrainingEngine engine = engine();
    private final int stage;
    private final int epoch;

    Stopping(int stage, int epoch) {
      this.stage = stage;
      this.epoch = epoch;
    }

    @Override
    public StageNetwork start(ModelSpec model, TrainingStage s, int index, StageNetwork previous) {
      StageNetwork network = engine.start(model, s, index, previous);
      return index == stage ? stopping(network) : network;
    }

    private StageNetwork stopping(StageNetwork network) {
      return new StageNetwork() {
        @Override
        public StepResult step(List<Batch> views, StepContext context) {
          if (context.epoch() == epoch) {
            throw new IllegalStateException("stopped");
          }
          return network.step(views, context);
        }

        @Override
        public int[] classify(Split data) {
          return network.classify(data);
        }

        @Override
        public float[] outputs(Split data) {
          return network.outputs(data);
        }

        @Override
        public void saveCheckpoint(Path file, TrainingProgress progress) {
          network.saveCheckpoint(file, progress);
        }

        @Override
        public TrainedNetwork finish(List<EpochSummary> history, TrainingProgress progress) {
          return network.finish(history, progress);
        }

        @Override
        public void close() {
          network.close();
        }
      };
    }

    @Override
    public StageNetwork resume(ModelSpec model, TrainingStage s, int index, Path checkpoint) {
      return engine.resume(model, s, index, checkpoint);
    }

    @Override
    public TrainingProgress progress(Path checkpoint) {
      return engine.progress(checkpoint);
    }
  }

  @Test
  void resumingATwoStageRunWithAHeadReachesTheUninterruptedWeights(@TempDir Path dir) {
    List<TrainingStage> stages = List.of(pretrain(2), finetune(2, 1e-3));
    Checkpoint uninterrupted = train(stages, QUIET);
    // mid-pretraining (the checkpoint holds the head), at the boundary, and mid-fine-tuning
    int[][] stops = {{0, 2}, {1, 1}, {1, 2}};
    for (int[] stop : stops) {
      Path file = dir.resolve("stop-" + stop[0] + "-" + stop[1] + ".ckpt");
      IllegalStateException stopped = assertThrows(IllegalStateException.class,
          () -> new TrainingLoop(new Stopping(stop[0], stop[1])).checkpointingTo(file)
              .run(SPEC, stages, TrainingData.of(DATA, DATA)));
      assertEquals("stopped", stopped.getMessage());
      assertEquals(uninterrupted,
          train(stages, Map.of("progress", "false", "resume-from", file.toString())),
          "resumed from stage " + stop[0] + " before epoch " + stop[1]);
    }
  }

  // ---- errors ----

  @Test
  void aHeadOnTheLastStageOrBeforeAStageFromScratchIsRefused() {
    IllegalArgumentException last = assertThrows(IllegalArgumentException.class,
        () -> train(List.of(pretrain(1)), QUIET));
    assertTrue(last.getMessage().contains("stage 'pretrain' trains a projection head")
        && last.getMessage().contains("no stage follows it"), last.getMessage());
    TrainingStage scratch = TrainingStage.of("finetune", LossSpec.crossEntropy(CLASSES),
        TrainingConfig.adamW(1, IMAGES, 4));
    IllegalArgumentException fromScratch = assertThrows(IllegalArgumentException.class,
        () -> train(List.of(pretrain(1), scratch), QUIET));
    assertTrue(fromScratch.getMessage().contains("'finetune' starts from scratch"),
        fromScratch.getMessage());
  }

  @Test
  void aHeadItsLossNeverReadsAndALossReadingAMissingHeadAreRefused() {
    TrainingStage unread = TrainingStage.of("plain", LossSpec.crossEntropy(CLASSES),
        TrainingConfig.adamW(1, IMAGES, 3)).withHead(HEAD);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> train(List.of(unread, finetune(1, 1e-3)), QUIET));
    assertTrue(e.getMessage().contains("never reads the head's outputs"), e.getMessage());
    TrainingStage headless = new TrainingStage("pretrain", pretrainLoss(CLASSES, IMAGES), VIEWS,
        TrainingConfig.adamW(1, IMAGES, 3), TrainingStage.Start.SCRATCH);
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> train(List.of(headless, finetune(1, 1e-3)), QUIET));
    assertTrue(missing.getMessage().contains("no projection head"), missing.getMessage());
  }

  @Test
  void aModelWhoseParameterHasAHeadNameIsRefused() {
    ZooModel clashing = new ZooModel() {
      @Override
      public ModelSpec spec() {
        return SPEC;
      }

      @Override
      public List<ParameterSpec> parameters() {
        return List.of(ParameterSpec.zeros(ProjectionHeadGraph.PREFIX + "fc1.bias", 3));
      }

      @Override
      public Forward network(GraphBuilder g, String images, boolean training) {
        throw new UnsupportedOperationException("not built");
      }
    };
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ProjectionHeadGraph.on(clashing, HEAD));
    assertTrue(e.getMessage().contains("names under projection_head."), e.getMessage());
  }
}
