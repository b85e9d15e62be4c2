package org.ecoc4j.datasets;

import java.util.Random;
import org.ecoc4j.api.data.Augmentation;
import org.ecoc4j.api.data.Batch;
import org.ecoc4j.api.data.ImageShape;

/**
 * The CIFAR-style training augmentation: each image is padded with {@code padding} zero pixels on
 * every side, a window of the original size is cropped at a random offset, and with probability
 * 1/2 it is mirrored left to right.
 *
 * <p>The random choices come from {@link Random} seeded with the given seed, one image after
 * another, so a batch and a seed always give the same result. Values stay in [0, 1].
 */
public final class RandomCropFlip implements Augmentation {

  private final int padding;
  private final boolean flip;

  /**
   * Creates the augmentation.
   *
   * @param padding zero pixels added on each side before cropping, at least 0
   * @param flip whether to mirror half of the images horizontally
   */
  public RandomCropFlip(int padding, boolean flip) {
    if (padding < 0) {
      throw new IllegalArgumentException("padding must not be negative, got " + padding);
    }
    this.padding = padding;
    this.flip = flip;
  }

  @Override
  public void apply(Batch batch, long seed) {
    ImageShape shape = batch.shape();
    float[] scratch = new float[shape.size()];
    float[] images = batch.images();
    Random random = new Random(seed);
    for (int i = 0; i < batch.size(); i++) {
      int dy = random.nextInt(2 * padding + 1) - padding;
      int dx = random.nextInt(2 * padding + 1) - padding;
      boolean mirror = flip && random.nextBoolean();
      int offset = batch.offset(i);
      System.arraycopy(images, offset, scratch, 0, scratch.length);
      for (int c = 0; c < shape.channels(); c++) {
        for (int y = 0; y < shape.height(); y++) {
          int sy = y + dy;
          for (int x = 0; x < shape.width(); x++) {
            int cx = mirror ? shape.width() - 1 - x : x;
            int sx = cx + dx;
            boolean inside = sy >= 0 && sy < shape.height() && sx >= 0 && sx < shape.width();
            images[offset + shape.index(c, y, x)] = inside ? scratch[shape.index(c, sy, sx)] : 0f;
          }
        }
      }
    }
  }

  @Override
  public String toString() {
    return "random crop (padding " + padding + ")" + (flip ? " and horizontal flip" : "");
  }
}
