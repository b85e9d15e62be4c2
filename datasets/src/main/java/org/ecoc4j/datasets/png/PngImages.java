package org.ecoc4j.datasets.png;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.data.Split;

/**
 * Writes images as PNG: one image, or several side by side in a grid (e.g. clean and adversarial
 * versions of the same picture), each enlarged by a whole-number scale.
 *
 * <p>Grey images (1 channel) become grey PNGs and 3-channel images RGB PNGs. Values are clipped to
 * [0, 1]; NaN is refused. Images in a grid are separated by a white gap of {@code scale} pixels.
 */
public final class PngImages {

  private PngImages() {}

  /**
   * Writes image {@code index} of {@code split} to {@code file}.
   *
   * @throws IndexOutOfBoundsException if the index is outside the split
   * @throws IOException if the file cannot be written
   */
  public static void write(Split split, int index, int scale, Path file) throws IOException {
    if (index < 0 || index >= split.size()) {
      throw new IndexOutOfBoundsException(
          "index " + index + " is outside the " + split.name() + " split of " + split.size()
              + " images");
    }
    float[] image = new float[split.shape().size()];
    split.copyImage(index, image, 0);
    writeGrid(List.of(image), split.shape(), 1, scale, file);
  }

  /**
   * Writes {@code images} in a grid of {@code columns} columns, row by row.
   *
   * @param images each {@code shape.size()} values, C x H x W, in [0, 1]
   * @param shape the shape of every image; 1 or 3 channels
   * @param columns images per row, at least 1
   * @param scale output pixels per image pixel along each side, 1 to 64
   * @throws IllegalArgumentException for no images, a wrong length, NaN values, another channel
   *     count, or a bad column count or scale
   * @throws IOException if the file cannot be written
   */
  public static void writeGrid(
      List<float[]> images, ImageShape shape, int columns, int scale, Path file)
      throws IOException {
    BufferedImage picture = render(images, shape, columns, scale);
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    // Through a stream of our own: ImageIO.write(image, format, File) prints the stack trace of
    // a file it cannot open (a folder, a read-only file) to System.err before failing.
    try (OutputStream stream = Files.newOutputStream(file)) {
      if (!ImageIO.write(picture, "png", stream)) {
        throw new IOException("no PNG writer is available in this JDK");
      }
    }
  }

  /** Renders the grid that {@link #writeGrid} writes. */
  public static BufferedImage render(
      List<float[]> images, ImageShape shape, int columns, int scale) {
    if (images.isEmpty()) {
      throw new IllegalArgumentException("no images to write");
    }
    if (shape.channels() != 1 && shape.channels() != 3) {
      throw new IllegalArgumentException(
          "can write images of 1 or 3 channels, not " + shape.channels());
    }
    if (columns < 1 || scale < 1 || scale > 64) {
      throw new IllegalArgumentException(
          "need at least 1 column and a scale in [1, 64], got " + columns + " and " + scale);
    }
    int cols = Math.min(columns, images.size());
    int rows = (images.size() + cols - 1) / cols;
    int cellWidth = shape.width() * scale;
    int cellHeight = shape.height() * scale;
    int width = cols * cellWidth + (cols - 1) * scale;
    int height = rows * cellHeight + (rows - 1) * scale;
    BufferedImage picture = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        picture.setRGB(x, y, 0xffffff);
      }
    }
    for (int i = 0; i < images.size(); i++) {
      float[] image = images.get(i);
      if (image.length != shape.size()) {
        throw new IllegalArgumentException(
            "image " + i + " has " + image.length + " values, not " + shape.size() + " ("
                + shape + ")");
      }
      int left = (i % cols) * (cellWidth + scale);
      int top = (i / cols) * (cellHeight + scale);
      for (int y = 0; y < shape.height(); y++) {
        for (int x = 0; x < shape.width(); x++) {
          int rgb = rgb(image, shape, y, x, i);
          for (int dy = 0; dy < scale; dy++) {
            for (int dx = 0; dx < scale; dx++) {
              picture.setRGB(left + x * scale + dx, top + y * scale + dy, rgb);
            }
          }
        }
      }
    }
    return picture;
  }

  private static int rgb(float[] image, ImageShape shape, int y, int x, int which) {
    int red = level(image[shape.index(0, y, x)], which);
    if (shape.channels() == 1) {
      return (red << 16) | (red << 8) | red;
    }
    int green = level(image[shape.index(1, y, x)], which);
    int blue = level(image[shape.index(2, y, x)], which);
    return (red << 16) | (green << 8) | blue;
  }

  private static int level(float value, int which) {
    if (Float.isNaN(value)) {
      throw new IllegalArgumentException("image " + which + " holds NaN");
    }
    return Math.round(Math.max(0f, Math.min(1f, value)) * 255f);
  }
}
