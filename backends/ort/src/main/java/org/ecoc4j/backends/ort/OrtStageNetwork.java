package org.ecoc4j.backends.ort;

import java.nio.file.Path;
import java.util.List;
import org.ecoc4j.api.backend.EpochSummary;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.TrainedNetwork;
import org.ecoc4j.api.data.Batch;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.data.Split;
import org.ecoc4j.api.training.StageNetwork;
import org.ecoc4j.api.training.StepContext;
import org.ecoc4j.api.training.StepResult;
import org.ecoc4j.api.training.TrainingProgress;
import org.ecoc4j.backends.onnx.training.Checkpoint;
import org.ecoc4j.backends.onnx.training.TrainingArtifacts;
import org.ecoc4j.backends.onnx.zoo.ZooModel;

/**
 * The network of one training stage in an ONNX Runtime training session: a step is TrainStep,
 * OptimizerStep and LazyResetGrad on the batch (the views of a contrastive stage stacked view
 * after view, each with the batch's labels), with the dropout noise drawn from the step's
 * seed, epoch and batch ({@link DropoutNoise}), and so is the matrix of an input mixing drawn per
 * step ({@link StepMixingInput}). The input tensors live in native memory allocated
 * on the first step and overwritten by each.
 */
final class OrtStageNetwork implements StageNetwork {

  private static final int EVAL_BATCH = 256;

  private final ZooModel model;
  private final LossSpec loss;
  private final int viewCount;
  private final TrainingArtifacts artifacts;
  private final TrainingSession session;
  private final OrtSettings settings;
  private final double learningRateScale;
  private final ScoreClassifier classifier;
  private final long[] labels;
  private NativeTensor images;
  private float[] stackedImages;
  private NativeTensor labelTensor;
  private DropoutNoise noise;
  private StepMixingInput mixing;
  private double rate = Double.NaN;
  private boolean handedOn;

  OrtStageNetwork(
      ZooModel model,
      LossSpec loss,
      int viewCount,
      TrainingArtifacts artifacts,
      TrainingSession session,
      OrtSettings settings,
      double learningRateScale) {
    this.model = model;
    this.loss = loss;
    this.viewCount = viewCount;
    this.artifacts = artifacts;
    this.session = session;
    this.settings = settings;
    this.learningRateScale = learningRateScale;
    this.classifier = new ScoreClassifier(loss, model.spec());
    this.labels = new long[artifacts.batchSize()];
  }

  @Override
  public StepResult step(List<Batch> views, StepContext context) {
    if (views.size() != viewCount) {
      throw new IllegalArgumentException(
          "this stage trains on " + viewCount + " views of each batch, got " + views.size());
    }
    int rows = artifacts.batchSize();
    int size = rows / viewCount;
    for (Batch batch : views) {
      if (batch.size() != size || !batch.shape().equals(model.spec().input())) {
        throw new IllegalArgumentException(
            "a training step takes " + size + " images of " + model.spec().input() + ", got "
                + batch.size() + " of " + batch.shape());
      }
    }
    requireTensors();
    // The configured rate times the optimizer's scale, then the schedule's factor, in this order.
    double next = context.baseLearningRate() * learningRateScale * context.scheduleFactor();
    if (next != rate) {
      session.setLearningRate(next);
      rate = next;
    }
    int pixels = size * model.spec().input().size();
    for (int v = 0; v < viewCount; v++) {
      Batch batch = views.get(v);
      for (int i = 0; i < size; i++) {
        labels[v * size + i] = batch.labels()[i];
      }
      if (viewCount == 1) {
        images.copyFrom(batch.images());
      } else {
        System.arraycopy(batch.images(), 0, stackedImages, v * pixels, pixels);
      }
    }
    if (viewCount > 1) {
      images.copyFrom(stackedImages);
    }
    labelTensor.copyFrom(labels);
    noise.draw(context.seed(), context.epoch(), context.batch());
    mixing.draw(context.seed(), context.epoch(), context.batch());
    TrainingSession.StepResult step = session.trainStep(images, labelTensor, mixing, noise);
    session.optimizerStep();
    session.lazyResetGrad();
    return new StepResult(step.loss(),
        classifier.classifyStep(step.scores().values(), labels, size));
  }

  private void requireTensors() {
    if (images == null) {
      ImageShape shape = model.spec().input();
      int size = artifacts.batchSize();
      images =
          NativeTensor.floats(
              new float[size * shape.size()], size, shape.channels(), shape.height(),
              shape.width());
      labelTensor = NativeTensor.longs(labels, size);
      noise = session.dropoutNoise();
      mixing = session.stepMixing();
      stackedImages = viewCount == 1 ? null : new float[size * shape.size()];
    }
  }

  @Override
  public int[] classify(Split data) {
    float[] scores = outputs(data);
    int[] predictions = new int[data.size()];
    for (int i = 0; i < predictions.length; i++) {
      predictions[i] = classifier.classify(scores, i);
    }
    return predictions;
  }

  @Override
  public float[] outputs(Split data) {
    ImageShape shape = data.shape();
    int width = model.spec().outputWidth();
    float[] all = new float[data.size() * width];
    for (int from = 0; from < data.size(); from += EVAL_BATCH) {
      int count = Math.min(EVAL_BATCH, data.size() - from);
      float[] batch = new float[count * shape.size()];
      for (int i = 0; i < count; i++) {
        data.copyImage(from + i, batch, i * shape.size());
      }
      try (NativeTensor x =
          NativeTensor.floats(batch, count, shape.channels(), shape.height(), shape.width())) {
        System.arraycopy(session.scores(x).values(), 0, all, from * width, count * width);
      }
    }
    return all;
  }

  @Override
  public void saveCheckpoint(Path file, TrainingProgress progress) {
    ProgressProperties.write(session, progress);
    session.saveCheckpoint(file, true);
  }

  /** The current parameter values. */
  Checkpoint parameters() {
    return session.parameters();
  }

  @Override
  public TrainedNetwork finish(List<EpochSummary> history, TrainingProgress progress) {
    freeTensors();
    handedOn = true;
    return new TrainedModel(model, loss, artifacts, session, history, settings, progress);
  }

  private void freeTensors() {
    if (images != null) {
      images.close();
      labelTensor.close();
      noise.close();
      mixing.close();
      images = null;
    }
  }

  @Override
  public void close() {
    freeTensors();
    if (!handedOn) {
      session.close();
    }
  }
}
