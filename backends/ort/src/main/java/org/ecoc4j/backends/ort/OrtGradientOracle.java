package org.ecoc4j.backends.ort;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.ecoc4j.api.attack.Objective;
import org.ecoc4j.api.backend.GradientOracle;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.backends.onnx.training.AttackGraph;
import org.ecoc4j.backends.onnx.training.Checkpoint;
import org.ecoc4j.backends.onnx.training.ObjectiveGraph;
import org.ecoc4j.backends.onnx.training.TrainingArtifacts;
import org.ecoc4j.backends.onnx.zoo.ZooModel;

/**
 * A {@link GradientOracle} on ONNX Runtime: one inference session over an {@link AttackGraph} with
 * the parameters baked in as initializers, and input tensors allocated once. Each call is one
 * native run; a batch smaller than the maximum is padded with zero images whose rows are dropped.
 * {@link #losses} runs a second session, created on its first call, over the loss-only variant of
 * the graph (no backward pass), fed from the same input tensors after the same checks.
 */
public final class OrtGradientOracle implements GradientOracle {

  private final ImageShape shape;
  private final int maxBatch;
  private final int classes;
  private final OrtSettings settings;
  private final InferenceSession session;
  private final Supplier<byte[]> lossesOnlyGraph;
  private final float[] images;
  private final long[] labels;
  private final NativeTensor imageTensor;
  private final NativeTensor labelTensor;
  private InferenceSession lossesOnlySession;
  private boolean closed;

  /**
   * Builds the oracle.
   *
   * @param model the architecture
   * @param loss the objective whose per-sample value and input gradient are returned
   * @param parameters values of every parameter of {@code model}
   * @param maxBatch largest batch of one call
   * @param settings device and threads
   * @throws IllegalArgumentException for a missing or mis-shaped parameter or a non-positive batch
   */
  public OrtGradientOracle(
      ZooModel model, LossSpec loss, Checkpoint parameters, int maxBatch, OrtSettings settings) {
    this(model, loss,
        AttackGraph.build(model, loss, maxBatch, parameters,
            OrtTrainingEngine.differentiator(settings)).toByteArray(),
        () -> AttackGraph.buildLossesOnly(model, loss, maxBatch, parameters).toByteArray(),
        maxBatch, settings);
  }

  /**
   * Builds the oracle of an attack objective.
   *
   * @param objective the objective whose per-sample value and input gradient are returned
   * @throws IllegalArgumentException for a missing or mis-shaped parameter, a non-positive batch
   *     or an objective that does not give one value per sample
   */
  public OrtGradientOracle(
      ZooModel model,
      LossSpec loss,
      Objective objective,
      Checkpoint parameters,
      int maxBatch,
      OrtSettings settings) {
    this(model, loss,
        ObjectiveGraph.build(model, loss, objective, maxBatch, parameters,
            OrtTrainingEngine.differentiator(settings)).toByteArray(),
        () -> ObjectiveGraph.buildLossesOnly(model, loss, objective, maxBatch, parameters)
            .toByteArray(),
        maxBatch, settings);
  }

  private OrtGradientOracle(
      ZooModel model,
      LossSpec loss,
      byte[] graph,
      Supplier<byte[]> lossesOnlyGraph,
      int maxBatch,
      OrtSettings settings) {
    this.shape = model.spec().input();
    this.maxBatch = maxBatch;
    this.classes = loss.classes();
    this.settings = settings;
    this.session = new InferenceSession(
        settings.convLayout().attackModel(graph, settings.device()), settings, SessionRole.ATTACK);
    this.lossesOnlyGraph = lossesOnlyGraph;
    this.images = new float[maxBatch * shape.size()];
    this.labels = new long[maxBatch];
    this.imageTensor =
        NativeTensor.floats(images, maxBatch, shape.channels(), shape.height(), shape.width());
    this.labelTensor = NativeTensor.longs(labels, maxBatch);
  }

  @Override
  public ImageShape inputShape() {
    return shape;
  }

  @Override
  public int maxBatch() {
    return maxBatch;
  }

  @Override
  public void lossAndGradient(
      float[] batchImages, int[] batchLabels, float[] lossesOut, float[] gradientOut) {
    int batch = feed(batchImages, batchLabels, lossesOut, gradientOut);
    List<HostTensor> out =
        session.run(feeds(), List.of(AttackGraph.LOSSES, AttackGraph.INPUT_GRADIENT));
    System.arraycopy(out.get(0).values(), 0, lossesOut, 0, batch);
    System.arraycopy(out.get(1).values(), 0, gradientOut, 0, batch * shape.size());
  }

  /** Runs the loss-only graph: the same losses as {@link #lossAndGradient}, no backward pass. */
  @Override
  public void losses(float[] batchImages, int[] batchLabels, float[] lossesOut) {
    int batch = feed(batchImages, batchLabels, lossesOut, null);
    if (lossesOnlySession == null) {
      lossesOnlySession = new InferenceSession(
          settings.convLayout().attackModel(lossesOnlyGraph.get(), settings.device()), settings,
          SessionRole.ATTACK_LOSSES);
    }
    List<HostTensor> out = lossesOnlySession.run(feeds(), List.of(AttackGraph.LOSSES));
    System.arraycopy(out.get(0).values(), 0, lossesOut, 0, batch);
  }

  /**
   * Checks a call's arguments and copies images and labels, padded to the maximum batch, into the
   * input tensors.
   *
   * @param gradientOut the gradient output to check, or {@code null} for a loss-only call
   * @return the batch size
   */
  private int feed(
      float[] batchImages, int[] batchLabels, float[] lossesOut, float[] gradientOut) {
    if (closed) {
      throw new IllegalStateException("gradient oracle is closed");
    }
    int batch = batchLabels.length;
    int size = shape.size();
    if (batch < 1 || batch > maxBatch) {
      throw new IllegalArgumentException(
          "batch of " + batch + " samples outside [1, " + maxBatch + "]");
    }
    if (batchImages.length != batch * size) {
      throw new IllegalArgumentException(
          "images hold " + batchImages.length + " floats, " + batch + " images of " + shape
              + " need " + batch * size);
    }
    if (lossesOut.length < batch) {
      throw new IllegalArgumentException(
          "loss output holds " + lossesOut.length + " floats, needs " + batch);
    }
    if (gradientOut != null && gradientOut.length < batch * size) {
      throw new IllegalArgumentException(
          "gradient output holds " + gradientOut.length + " floats, needs " + batch * size);
    }
    for (int i = 0; i < batchImages.length; i++) {
      if (!Float.isFinite(batchImages[i])) {
        throw new IllegalArgumentException(
            "image " + i / size + " has pixel " + batchImages[i] + " at " + i % size);
      }
    }
    for (int b = 0; b < batch; b++) {
      if (batchLabels[b] < 0 || batchLabels[b] >= classes) {
        throw new IllegalArgumentException(
            "label of sample " + b + " is " + batchLabels[b] + ", outside [0, " + classes + ")");
      }
      labels[b] = batchLabels[b];
    }
    System.arraycopy(batchImages, 0, images, 0, batchImages.length);
    Arrays.fill(images, batchImages.length, images.length, 0f);
    Arrays.fill(labels, batch, maxBatch, 0L);
    imageTensor.copyFrom(images);
    labelTensor.copyFrom(labels);
    return batch;
  }

  private Map<String, NativeTensor> feeds() {
    return Map.of(TrainingArtifacts.IMAGES, imageTensor, TrainingArtifacts.LABELS, labelTensor);
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      imageTensor.close();
      labelTensor.close();
      session.close();
      if (lossesOnlySession != null) {
        lossesOnlySession.close();
      }
    }
  }
}
