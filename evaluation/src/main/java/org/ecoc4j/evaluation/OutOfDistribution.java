package org.ecoc4j.evaluation;

import java.util.List;
import java.util.Objects;
import org.ecoc4j.api.backend.TrainedNetwork;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.data.Split;
import org.ecoc4j.api.decoding.PreparedDecoder;

/**
 * Out-of-distribution evaluation, as Table 5 and Figure 4 of the error-detecting output codes
 * paper: images of another dataset (or {@linkplain #noise uniform noise}) are fed to a trained
 * network, and since none belongs to any of its classes, every accepted decision is an
 * undetectable error and the rejection rate is the measure. Images of another shape are converted
 * only by transforms the caller names ({@link #adapt}), which the result records.
 */
public final class OutOfDistribution {

  private OutOfDistribution() {}

  /**
   * {@code data} with its images converted to {@code target} by {@code transforms}, in order.
   *
   * @throws IllegalArgumentException when the images are not {@code target} after the transforms
   *     (with none: when their shape differs), naming both shapes and the transforms applied, or
   *     when a transform does not apply to the shape it gets
   */
  public static Split adapt(Split data, ImageShape target, List<ImageTransform> transforms) {
    ImageConversion conversion =
        ImageConversion.of(data.shape(), target, transforms, "images of '" + data.name() + "'");
    return transforms.isEmpty() ? data : new TransformedSplit(data, conversion);
  }

  /**
   * {@code count} images of independent pixels uniform in [0, 1], image {@code i} drawn from
   * {@code seed} and {@code i} alone.
   *
   * @throws IllegalArgumentException for a count below 1
   */
  public static Split noise(ImageShape shape, int count, long seed) {
    return new UniformNoise(Objects.requireNonNull(shape, "shape"), count, seed);
  }

  /**
   * Feeds the first {@code samples} images of {@code data}, converted by {@code transforms}, to
   * {@code network} and decides them with the deployed {@code decoder}.
   *
   * @param source what the images are, for the report (for example {@code mnist test})
   * @param deltas the thresholds of the rejection curve (each in [0, 1])
   * @throws IllegalArgumentException for shapes the transforms do not convert to the network's
   *     input, a decoder of another width than the network's outputs, a threshold outside [0, 1]
   */
  public static OodResult measure(TrainedNetwork network, PreparedDecoder decoder, String source,
      Split data, List<ImageTransform> transforms, int samples, int batchSize,
      List<Double> deltas) {
    Split adapted = adapt(data, network.spec().input(), transforms);
    DecodedSamples decoded =
        DecodedSamples.decode(network, decoder, adapted, false, samples, batchSize);
    ThresholdCurve curve = ThresholdCurve.of(decoded, deltas);
    Tally deployed = new Tally();
    for (int i = 0; i < decoded.size(); i++) {
      deployed.add(decoded.outcome(i, 0), false);
    }
    return new OodResult(source, data.shape(),
        transforms.stream().map(ImageTransform::label).toList(), deployed.metrics(), curve);
  }
}
