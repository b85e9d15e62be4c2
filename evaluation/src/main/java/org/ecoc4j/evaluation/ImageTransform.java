package org.ecoc4j.evaluation;

import java.util.Locale;
import org.ecoc4j.api.data.ImageShape;

/**
 * A conversion of images of one shape to another that the user names explicitly, so that a second
 * dataset can be fed to a network trained on images of another shape ({@link OutOfDistribution});
 * ecoc4j never converts a shape silently.
 */
public enum ImageTransform {

  /** Bilinear resampling of each channel to the network's height and width (pixel centres). */
  RESIZE,
  /** Copies of a single channel into every channel the network takes. */
  REPLICATE,
  /**
   * One grey channel from several: luma {@code 0.299 R + 0.587 G + 0.114 B} (ITU-R BT.601) for
   * three channels, the channel mean otherwise.
   */
  GRAYSCALE;

  /** The transform's name as users write it: {@code resize}, {@code replicate}, {@code grayscale}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The transform named {@code name}.
   *
   * @throws IllegalArgumentException for an unknown name, listing the known ones
   */
  public static ImageTransform parse(String name) {
    for (ImageTransform t : values()) {
      if (t.label().equals(name.trim().toLowerCase(Locale.ROOT))) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "unknown image transform '" + name + "'; use resize, replicate or grayscale");
  }

  /**
   * The shape images of shape {@code from} get from this transform on the way to {@code target}.
   *
   * @throws IllegalArgumentException when the transform does not apply to {@code from} (replicate
   *     of several channels, grayscale of one), naming both
   */
  ImageShape apply(ImageShape from, ImageShape target) {
    return switch (this) {
      case RESIZE -> new ImageShape(from.channels(), target.height(), target.width());
      case REPLICATE -> {
        if (from.channels() != 1) {
          throw new IllegalArgumentException("replicate copies one channel, but the images are "
              + from + " on their way to " + target);
        }
        yield new ImageShape(target.channels(), from.height(), from.width());
      }
      case GRAYSCALE -> {
        if (from.channels() == 1) {
          throw new IllegalArgumentException("grayscale merges several channels, but the images"
              + " are " + from + " on their way to " + target);
        }
        yield new ImageShape(1, from.height(), from.width());
      }
    };
  }

  /**
   * Converts one image of shape {@code from} (read at {@code offset}) into {@code into} (written
   * at {@code intoOffset}), whose shape is {@link #apply}'s.
   */
  void convert(ImageShape from, float[] image, int offset, ImageShape to, float[] into,
      int intoOffset) {
    switch (this) {
      case RESIZE -> resize(from, image, offset, to, into, intoOffset);
      case REPLICATE -> {
        for (int c = 0; c < to.channels(); c++) {
          System.arraycopy(image, offset, into, intoOffset + c * to.plane(), to.plane());
        }
      }
      case GRAYSCALE -> {
        float[] weights = from.channels() == 3 ? new float[] {0.299f, 0.587f, 0.114f} : null;
        for (int p = 0; p < to.plane(); p++) {
          double sum = 0;
          for (int c = 0; c < from.channels(); c++) {
            double w = weights == null ? 1.0 / from.channels() : weights[c];
            sum += w * image[offset + c * from.plane() + p];
          }
          into[intoOffset + p] = (float) Math.min(1.0, Math.max(0.0, sum));
        }
      }
      default -> throw new AssertionError(this);
    }
  }

  /** Bilinear resampling with aligned pixel centres, clamped at the borders. */
  private static void resize(ImageShape from, float[] image, int offset, ImageShape to,
      float[] into, int intoOffset) {
    double sy = from.height() / (double) to.height();
    double sx = from.width() / (double) to.width();
    for (int c = 0; c < to.channels(); c++) {
      int source = offset + c * from.plane();
      for (int y = 0; y < to.height(); y++) {
        double fy = Math.min(from.height() - 1, Math.max(0, (y + 0.5) * sy - 0.5));
        int y0 = (int) Math.floor(fy);
        int y1 = Math.min(y0 + 1, from.height() - 1);
        double wy = fy - y0;
        for (int x = 0; x < to.width(); x++) {
          double fx = Math.min(from.width() - 1, Math.max(0, (x + 0.5) * sx - 0.5));
          int x0 = (int) Math.floor(fx);
          int x1 = Math.min(x0 + 1, from.width() - 1);
          double wx = fx - x0;
          double top = (1 - wx) * image[source + y0 * from.width() + x0]
              + wx * image[source + y0 * from.width() + x1];
          double bottom = (1 - wx) * image[source + y1 * from.width() + x0]
              + wx * image[source + y1 * from.width() + x1];
          into[intoOffset + to.index(c, y, x)] = (float) ((1 - wy) * top + wy * bottom);
        }
      }
    }
  }
}
