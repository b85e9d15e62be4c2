package org.ecoc4j.api.backend;

import org.ecoc4j.api.data.ImageShape;

/**
 * Loss and gradient of the loss with respect to the input, for a batch, with the network's
 * parameters frozen: what white-box attacks query at every step; or the losses alone ({@link
 * #losses}), what black-box attacks query.
 *
 * <p>An oracle is bound to one objective and a maximum batch size; a batch may be smaller. The
 * per-sample losses are independent, so the gradient of sample {@code b} is the gradient of its own
 * loss. Instances hold native resources: close them. Not thread-safe.
 */
public interface GradientOracle extends AutoCloseable {

  /** Shape of each input image. */
  ImageShape inputShape();

  /** Largest batch one call accepts. */
  int maxBatch();

  /**
   * Computes per-sample losses and their input gradients.
   *
   * @param images {@code batch * inputShape().size()} floats (longer arrays are refused)
   * @param labels {@code batch} true labels
   * @param lossesOut receives {@code batch} losses, at least that long
   * @param gradientOut receives the gradient, same layout as {@code images}, at least that long
   * @throws IllegalArgumentException for a batch over {@link #maxBatch()}, lengths that do not
   *     match, labels out of range or non-finite pixels
   * @throws IllegalStateException when the oracle is closed
   */
  void lossAndGradient(float[] images, int[] labels, float[] lossesOut, float[] gradientOut);

  /**
   * Computes the per-sample losses only, what score-based black-box attacks query. An oracle
   * whose losses cost less without the gradient (a backend can skip the backward pass) overrides
   * this; wrappers forward it to the oracle they wrap so that the saving reaches the backend.
   *
   * <p>The default delegates to {@link #lossAndGradient} with a freshly allocated scratch
   * gradient, which it discards: correct for any oracle, but no cheaper.
   *
   * @param images {@code batch * inputShape().size()} floats (longer arrays are refused)
   * @param labels {@code batch} true labels
   * @param lossesOut receives {@code batch} losses, at least that long
   * @throws IllegalArgumentException as {@link #lossAndGradient} does
   * @throws IllegalStateException when the oracle is closed
   */
  default void losses(float[] images, int[] labels, float[] lossesOut) {
    lossAndGradient(images, labels, lossesOut, new float[images.length]);
  }

  /** Releases the native resources; later calls fail. */
  @Override
  void close();
}
