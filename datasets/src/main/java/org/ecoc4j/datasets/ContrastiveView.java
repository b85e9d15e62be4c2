package org.ecoc4j.datasets;

import java.util.Random;
import org.ecoc4j.api.data.Augmentation;
import org.ecoc4j.api.data.Batch;
import org.ecoc4j.api.data.ImageShape;

/**
 * One random view of the contrastive pretraining stage (SimCLR's augmentation as the contrastive
 * ECOC paper uses it): a random resized crop (area a uniform fraction in {@code [minScale, 1]} of
 * the image, aspect ratio log-uniform in [3/4, 4/3], resized back bilinearly), a horizontal flip
 * with probability 1/2, and for colour images (3 channels), with probability {@code jitterChance},
 * colour jitter (brightness, contrast and saturation factors uniform in {@code [1 - jitter, 1 +
 * jitter]}, in that order). Two calls with two seeds give the two views of a batch.
 *
 * <p>The random choices come from {@link Random} seeded with the given seed, one image after
 * another, so a batch and a seed always give the same result. Values stay in [0, 1].
 */
public final class ContrastiveView implements Augmentation {

  private static final double MIN_RATIO = Math.log(3.0 / 4);
  private static final double MAX_RATIO = Math.log(4.0 / 3);
  private static final int CROP_TRIES = 10;

  private final double minScale;
  private final double jitter;
  private final double jitterChance;

  /**
   * @param minScale smallest crop area as a fraction of the image, in (0, 1]
   * @param jitter strength of brightness, contrast and saturation jitter, in [0, 1)
   * @param jitterChance probability of jittering a colour image, in [0, 1]
   * @throws IllegalArgumentException for a value out of range, naming it
   */
  public ContrastiveView(double minScale, double jitter, double jitterChance) {
    if (!(minScale > 0 && minScale <= 1)) {
      throw new IllegalArgumentException("min-scale must be in (0, 1], got " + minScale);
    }
    if (!(jitter >= 0 && jitter < 1)) {
      throw new IllegalArgumentException("jitter must be in [0, 1), got " + jitter);
    }
    if (!(jitterChance >= 0 && jitterChance <= 1)) {
      throw new IllegalArgumentException("jitter chance must be in [0, 1], got " + jitterChance);
    }
    this.minScale = minScale;
    this.jitter = jitter;
    this.jitterChance = jitterChance;
  }

  @Override
  public void apply(Batch batch, long seed) {
    ImageShape shape = batch.shape();
    float[] scratch = new float[shape.size()];
    float[] images = batch.images();
    Random random = new Random(seed);
    int height = shape.height();
    int width = shape.width();
    for (int i = 0; i < batch.size(); i++) {
      int offset = batch.offset(i);
      System.arraycopy(images, offset, scratch, 0, scratch.length);
      double cropHeight = height;
      double cropWidth = width;
      for (int t = 0; t < CROP_TRIES; t++) {
        double area = height * width * (minScale + (1 - minScale) * random.nextDouble());
        double ratio = Math.exp(MIN_RATIO + (MAX_RATIO - MIN_RATIO) * random.nextDouble());
        double w = Math.sqrt(area * ratio);
        double h = Math.sqrt(area / ratio);
        if (w <= width && h <= height) {
          cropWidth = w;
          cropHeight = h;
          break;
        }
      }
      double top = random.nextDouble() * (height - cropHeight);
      double left = random.nextDouble() * (width - cropWidth);
      boolean mirror = random.nextBoolean();
      for (int c = 0; c < shape.channels(); c++) {
        for (int y = 0; y < height; y++) {
          double sy = top + (y + 0.5) * cropHeight / height - 0.5;
          for (int x = 0; x < width; x++) {
            int tx = mirror ? width - 1 - x : x;
            double sx = left + (tx + 0.5) * cropWidth / width - 0.5;
            images[offset + shape.index(c, y, x)] = bilinear(scratch, shape, c, sy, sx);
          }
        }
      }
      if (shape.channels() == 3 && random.nextDouble() < jitterChance) {
        jitter(images, offset, shape, random);
      }
    }
  }

  private static float bilinear(float[] image, ImageShape shape, int c, double y, double x) {
    double cy = Math.min(Math.max(y, 0), shape.height() - 1);
    double cx = Math.min(Math.max(x, 0), shape.width() - 1);
    int y0 = (int) Math.floor(cy);
    int x0 = (int) Math.floor(cx);
    int y1 = Math.min(y0 + 1, shape.height() - 1);
    int x1 = Math.min(x0 + 1, shape.width() - 1);
    double fy = cy - y0;
    double fx = cx - x0;
    double top = image[shape.index(c, y0, x0)] * (1 - fx) + image[shape.index(c, y0, x1)] * fx;
    double bottom = image[shape.index(c, y1, x0)] * (1 - fx) + image[shape.index(c, y1, x1)] * fx;
    return (float) Math.min(1, Math.max(0, top * (1 - fy) + bottom * fy));
  }

  /** Brightness, contrast, then saturation, each by a factor in [1 - jitter, 1 + jitter]. */
  private void jitter(float[] images, int offset, ImageShape shape, Random random) {
    int plane = shape.height() * shape.width();
    double brightness = factor(random);
    double contrast = factor(random);
    double saturation = factor(random);
    double mean = 0;
    for (int i = 0; i < 3 * plane; i++) {
      images[offset + i] = clip(images[offset + i] * brightness);
    }
    for (int p = 0; p < plane; p++) {
      mean += gray(images, offset, plane, p);
    }
    mean /= plane;
    for (int i = 0; i < 3 * plane; i++) {
      images[offset + i] = clip(mean + (images[offset + i] - mean) * contrast);
    }
    for (int p = 0; p < plane; p++) {
      double g = gray(images, offset, plane, p);
      for (int c = 0; c < 3; c++) {
        int i = offset + c * plane + p;
        images[i] = clip(g + (images[i] - g) * saturation);
      }
    }
  }

  private double factor(Random random) {
    return 1 - jitter + 2 * jitter * random.nextDouble();
  }

  /** ITU-R 601 luma of pixel {@code p}. */
  private static double gray(float[] images, int offset, int plane, int p) {
    return 0.299 * images[offset + p] + 0.587 * images[offset + plane + p]
        + 0.114 * images[offset + 2 * plane + p];
  }

  private static float clip(double v) {
    return (float) Math.min(1, Math.max(0, v));
  }

  @Override
  public String toString() {
    return "contrastive view (random resized crop, min scale " + minScale
        + ", horizontal flip, colour jitter " + jitter + " with chance " + jitterChance + ")";
  }
}
