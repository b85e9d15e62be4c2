package org.ecoc4j.training;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.ecoc4j.api.attack.Objective;
import org.ecoc4j.api.backend.EpochSummary;
import org.ecoc4j.api.backend.GradientOracle;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.backend.TrainedNetwork;
import org.ecoc4j.api.data.Batch;
import org.ecoc4j.api.data.Split;
import org.ecoc4j.api.training.StageNetwork;
import org.ecoc4j.api.training.StepContext;
import org.ecoc4j.api.training.StepResult;
import org.ecoc4j.api.training.TrainingEngine;
import org.ecoc4j.api.training.TrainingProgress;
import org.ecoc4j.api.training.TrainingStage;

/**
 * An in-memory test backend in pure Java: softmax regression (one weight per class and pixel, one
 * bias per class) trained with SGD with momentum on the exact gradient of the mean cross-entropy.
 * Its checkpoint is the weights, the momentum buffers and the progress, as raw doubles. It records
 * what the loop asked of it: every step's context and batch, every classified split, every start.
 */
final class LinearEngine implements TrainingEngine {

  /** The momentum of the optimizer. */
  static final double MOMENTUM = 0.9;

  /** One optimizer step as the engine saw it. */
  record Step(StepContext context, int[] indices, List<float[]> views) {}

  /** How a stage's network started: its stage, the weights it started from and its stage. */
  record Start(int stage, double[] weights, TrainingStage declared) {}

  final List<Step> steps = new ArrayList<>();
  final List<Split> classified = new ArrayList<>();
  final List<Start> starts = new ArrayList<>();
  /** The stages resumed, in order. */
  final List<TrainingStage> resumed = new ArrayList<>();
  int closed;
  /** The stage, epoch and batch at which the loss becomes NaN, or null. */
  int[] divergeAt;
  /** The stage, epoch and batch after which the step interrupts its thread, or null. */
  int[] interruptAfter;
  /**
   * The stage, epoch and batch at whose step the JVM halts at once, as {@code kill -9} stops it
   * (no shutdown hooks, nothing flushed), or null.
   */
  int[] haltAt;
  /**
   * The stage and epochs done of the checkpoint whose writing halts the JVM half-way through (the
   * header and some weights written and flushed), or null.
   */
  int[] haltWhileSaving;

  /** The exit status of a halt, that of a process killed by SIGKILL. */
  static final int KILLED = 137;

  @Override
  public StageNetwork start(
      ModelSpec model, TrainingStage stage, int stageIndex, StageNetwork previous) {
    int classes = stage.loss().classes();
    int features = model.input().size();
    double[] weights = new double[classes * (features + 1)];
    SplittableRandom random = new SplittableRandom(stage.config().seed());
    for (int i = 0; i < weights.length; i++) {
      weights[i] = 0.01 * (random.nextDouble() - 0.5);
    }
    if (previous != null) {
      double[] before = ((Network) previous).weights;
      System.arraycopy(before, 0, weights, 0, Math.min(before.length, weights.length));
    }
    starts.add(new Start(stageIndex, weights.clone(), stage));
    return new Network(model, classes, weights, new double[weights.length]);
  }

  @Override
  public StageNetwork resume(
      ModelSpec model, TrainingStage stage, int stageIndex, Path checkpoint) {
    resumed.add(stage);
    try (DataInputStream in = new DataInputStream(Files.newInputStream(checkpoint))) {
      in.readInt();
      in.readInt();
      int n = in.readInt();
      double[] weights = new double[n];
      double[] velocity = new double[n];
      for (int i = 0; i < n; i++) {
        weights[i] = in.readDouble();
      }
      for (int i = 0; i < n; i++) {
        velocity[i] = in.readDouble();
      }
      return new Network(model, stage.loss().classes(), weights, velocity);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public TrainingProgress progress(Path checkpoint) {
    try (DataInputStream in = new DataInputStream(Files.newInputStream(checkpoint))) {
      return new TrainingProgress(in.readInt(), in.readInt());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean at(int[] position, StepContext c) {
    return position != null
        && position[0] == c.stage() && position[1] == c.epoch() && position[2] == c.batch();
  }

  /** The network of a stage: weights [classes][features + 1], the bias last in each row. */
  final class Network implements StageNetwork {

    private final ModelSpec model;
    private final int classes;
    private final int features;
    final double[] weights;
    private final double[] velocity;

    Network(ModelSpec model, int classes, double[] weights, double[] velocity) {
      this.model = model;
      this.classes = classes;
      this.features = model.input().size();
      this.weights = weights;
      this.velocity = velocity;
    }

    private double[] logits(float[] images, int offset) {
      double[] z = new double[classes];
      for (int c = 0; c < classes; c++) {
        int row = c * (features + 1);
        double sum = weights[row + features];
        for (int f = 0; f < features; f++) {
          sum += weights[row + f] * images[offset + f];
        }
        z[c] = sum;
      }
      return z;
    }

    private int argmax(double[] z) {
      int best = 0;
      for (int c = 1; c < z.length; c++) {
        best = z[c] > z[best] ? c : best;
      }
      return best;
    }

    @Override
    public StepResult step(List<Batch> views, StepContext context) {
      if (at(haltAt, context)) {
        Runtime.getRuntime().halt(KILLED);
      }
      Batch batch = views.get(0);
      List<float[]> seen = new ArrayList<>();
      for (Batch view : views) {
        seen.add(java.util.Arrays.copyOf(view.images(), view.size() * features));
      }
      steps.add(new Step(
          context, java.util.Arrays.copyOf(batch.indices(), batch.size()), seen));
      int size = batch.size();
      double[] gradient = new double[weights.length];
      double loss = 0;
      int[] predictions = new int[size];
      for (int i = 0; i < size; i++) {
        double[] z = logits(batch.images(), batch.offset(i));
        predictions[i] = argmax(z);
        double max = z[predictions[i]];
        double sum = 0;
        for (double v : z) {
          sum += Math.exp(v - max);
        }
        int label = batch.labels()[i];
        loss += max + Math.log(sum) - z[label];
        for (int c = 0; c < classes; c++) {
          double p = Math.exp(z[c] - max) / sum - (c == label ? 1 : 0);
          int row = c * (features + 1);
          for (int f = 0; f < features; f++) {
            gradient[row + f] += p * batch.images()[batch.offset(i) + f] / size;
          }
          gradient[row + features] += p / size;
        }
      }
      double rate = context.learningRate();
      for (int k = 0; k < weights.length; k++) {
        velocity[k] = MOMENTUM * velocity[k] + gradient[k];
        weights[k] -= rate * velocity[k];
      }
      if (at(interruptAfter, context)) {
        Thread.currentThread().interrupt();
      }
      float reported = at(divergeAt, context) ? Float.NaN : (float) (loss / size);
      return new StepResult(reported, predictions);
    }

    @Override
    public int[] classify(Split data) {
      classified.add(data);
      float[] image = new float[features];
      int[] predictions = new int[data.size()];
      for (int i = 0; i < data.size(); i++) {
        data.copyImage(i, image, 0);
        predictions[i] = argmax(logits(image, 0));
      }
      return predictions;
    }

    @Override
    public float[] outputs(Split data) {
      float[] image = new float[features];
      float[] all = new float[data.size() * classes];
      for (int i = 0; i < data.size(); i++) {
        data.copyImage(i, image, 0);
        double[] z = logits(image, 0);
        for (int c = 0; c < classes; c++) {
          all[i * classes + c] = (float) z[c];
        }
      }
      return all;
    }

    @Override
    public void saveCheckpoint(Path file, TrainingProgress progress) {
      boolean halt = haltWhileSaving != null && haltWhileSaving[0] == progress.stage()
          && haltWhileSaving[1] == progress.epochsDone();
      try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file))) {
        out.writeInt(progress.stage());
        out.writeInt(progress.epochsDone());
        out.writeInt(weights.length);
        for (int i = 0; i < weights.length; i++) {
          if (halt && i == weights.length / 2) {
            out.flush();
            Runtime.getRuntime().halt(KILLED);
          }
          out.writeDouble(weights[i]);
        }
        for (double v : velocity) {
          out.writeDouble(v);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public TrainedNetwork finish(List<EpochSummary> history, TrainingProgress progress) {
      return new Trained(this, history, progress);
    }

    @Override
    public void close() {
      closed++;
    }
  }

  /** The trained softmax regression: its weights, scores, history and position. */
  record Trained(Network network, List<EpochSummary> history, TrainingProgress reached)
      implements TrainedNetwork {

    @Override
    public java.util.Optional<TrainingProgress> position() {
      return java.util.Optional.of(reached);
    }

    double[] weights() {
      return network.weights.clone();
    }

    @Override
    public ModelSpec spec() {
      return network.model;
    }

    @Override
    public float[] scores(float[] images, int count) {
      float[] out = new float[count * network.classes];
      for (int i = 0; i < count; i++) {
        double[] z = network.logits(images, i * network.features);
        for (int c = 0; c < z.length; c++) {
          out[i * network.classes + c] = (float) z[c];
        }
      }
      return out;
    }

    @Override
    public GradientOracle gradientOracle(int maxBatch) {
      throw new UnsupportedOperationException("the test backend has no gradient oracle");
    }

    @Override
    public GradientOracle gradientOracle(int maxBatch, Objective objective) {
      throw new UnsupportedOperationException("the test backend has no gradient oracle");
    }

    @Override
    public void exportInference(Path file) {
      throw new UnsupportedOperationException("the test backend exports nothing");
    }

    @Override
    public void saveCheckpoint(Path file) {
      throw new UnsupportedOperationException("the test backend saves checkpoints while training");
    }

    @Override
    public void close() {}
  }
}
