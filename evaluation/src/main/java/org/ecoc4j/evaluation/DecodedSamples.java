package org.ecoc4j.evaluation;

import java.util.Arrays;
import java.util.Objects;
import org.ecoc4j.api.backend.TrainedNetwork;
import org.ecoc4j.api.data.Batch;
import org.ecoc4j.api.data.BatchCursor;
import org.ecoc4j.api.data.Split;
import org.ecoc4j.api.decoding.Decisions;
import org.ecoc4j.api.decoding.PreparedDecoder;

/**
 * One pass of a network over a split, decided by the deployed decoder and kept per sample: the
 * true class (or {@link #NO_CLASS} for out-of-distribution data, where no class is right), the
 * decided class (or {@link Decisions#REJECTED}) and the decoder's confidence. Everything that
 * thresholds the confidence afterwards ({@link ThresholdCurve}) reads these arrays instead of
 * running the network again. Immutable.
 */
public final class DecodedSamples {

  /** The true class of an out-of-distribution sample: none, so no decision is right. */
  public static final int NO_CLASS = -1;

  private final int[] labels;
  private final int[] decided;
  private final float[] confidences;

  private DecodedSamples(int[] labels, int[] decided, float[] confidences) {
    this.labels = labels;
    this.decided = decided;
    this.confidences = confidences;
  }

  /**
   * Decisions given directly (for example by a caller that decoded outputs itself).
   *
   * @param labels per sample the true class or {@link #NO_CLASS} (copied)
   * @param decided per sample the decided class or {@link Decisions#REJECTED} (copied)
   * @param confidences per sample the decoder's confidence in [0, 1] (copied)
   * @throws IllegalArgumentException for arrays of different lengths, a confidence outside [0, 1]
   */
  public static DecodedSamples of(int[] labels, int[] decided, float[] confidences) {
    if (labels.length != decided.length || labels.length != confidences.length) {
      throw new IllegalArgumentException("decoded samples need one label, decision and confidence"
          + " each, got " + labels.length + ", " + decided.length + " and "
          + confidences.length);
    }
    for (int i = 0; i < confidences.length; i++) {
      if (!(confidences[i] >= 0f && confidences[i] <= 1f)) {
        throw new IllegalArgumentException(
            "confidence of sample " + i + " is " + confidences[i] + ", not in [0, 1]");
      }
    }
    return new DecodedSamples(labels.clone(), decided.clone(), confidences.clone());
  }

  /**
   * Runs {@code network} over the first {@code samples} images of {@code data} in order and
   * decides them with {@code decoder}.
   *
   * @param labelled whether {@code data}'s labels are the network's classes (in-distribution
   *     data); {@code false} for out-of-distribution data, whose every accepted decision is an
   *     undetectable error
   * @throws IllegalArgumentException when the decoder's width differs from the network's outputs,
   *     the images have another shape than the network's input (both shapes named), labelled data
   *     has another number of classes than the decoder, or {@code samples} or {@code batchSize}
   *     is not positive
   */
  public static DecodedSamples decode(TrainedNetwork network, PreparedDecoder decoder, Split data,
      boolean labelled, int samples, int batchSize) {
    Objects.requireNonNull(network, "network");
    if (decoder.outputWidth() != network.spec().outputWidth()) {
      throw new IllegalArgumentException(
          "decoder reads " + decoder.outputWidth() + " outputs per sample, the network gives "
              + network.spec().outputWidth());
    }
    if (!data.shape().equals(network.spec().input())) {
      throw new IllegalArgumentException("images of '" + data.name() + "' are " + data.shape()
          + ", the network takes " + network.spec().input());
    }
    if (labelled && decoder.classes() != data.classes()) {
      throw new IllegalArgumentException(
          "decoder knows " + decoder.classes() + " classes, the data has " + data.classes());
    }
    if (samples < 1 || batchSize < 1) {
      throw new IllegalArgumentException("samples and batch size must be positive, got "
          + samples + " and " + batchSize);
    }
    int total = Math.min(samples, data.size());
    int batch = Math.max(1, Math.min(batchSize, total));
    int[] labels = new int[total];
    int[] decided = new int[total];
    float[] confidences = new float[total];
    Decisions decisions = Decisions.withCapacity(batch);
    BatchCursor cursor = data.inOrder(batch);
    Batch next = cursor.newBatch();
    int done = 0;
    while (done < total && cursor.next(next)) {
      int count = Math.min(next.size(), total - done);
      float[] images = Arrays.copyOf(next.images(), count * data.shape().size());
      decoder.decode(network.scores(images, count), 0, count, decisions);
      for (int b = 0; b < count; b++) {
        labels[done + b] = labelled ? next.labels()[b] : NO_CLASS;
        decided[done + b] = decisions.label(b);
        confidences[done + b] = decisions.confidence(b);
      }
      done += count;
    }
    return new DecodedSamples(labels, decided, confidences);
  }

  /** Number of samples. */
  public int size() {
    return labels.length;
  }

  /**
   * What the decoder made of sample {@code i} once decisions of confidence below {@code delta}
   * are rejected too.
   */
  Outcome outcome(int i, double delta) {
    if (decided[i] == Decisions.REJECTED || confidences[i] < delta) {
      return Outcome.REJECTED;
    }
    return decided[i] == labels[i] ? Outcome.RIGHT : Outcome.WRONG;
  }
}
