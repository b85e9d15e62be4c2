package org.ecoc4j.evaluation;

import java.util.List;
import java.util.Objects;
import org.ecoc4j.api.data.ImageShape;

/**
 * What a network's deployed decoder made of out-of-distribution images.
 *
 * @param source what the images were (a dataset and split, or {@code uniform-noise})
 * @param sourceShape the images' own shape, before any transform
 * @param transforms the transforms that converted them to the network's input, in order (names)
 * @param metrics the deployed decoder's decisions: {@code rejectionRate} is the paper's Table 5
 *     figure, {@code undetectableError} the accepted share (no class is right, so accuracy is 0)
 * @param curve the rejection at each threshold Delta (Figure 4 of the paper)
 */
public record OodResult(
    String source,
    ImageShape sourceShape,
    List<String> transforms,
    Metrics metrics,
    ThresholdCurve curve) {

  /** Copies the transforms; refuses nulls. */
  public OodResult {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(sourceShape, "sourceShape");
    transforms = List.copyOf(transforms);
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(curve, "curve");
  }
}
