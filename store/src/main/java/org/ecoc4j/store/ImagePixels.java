package org.ecoc4j.store;

import java.awt.image.BufferedImage;
import org.ecoc4j.api.data.ImageShape;

/**
 * The pixels of a {@link BufferedImage} as ecoc4j feeds them to a network: channels x height x
 * width, each value {@code sample / 255} in [0, 1]. An image whose colour model has one colour
 * component (grey) has one channel, any other three (red, green, blue); alpha is dropped.
 */
public final class ImagePixels {

  private ImagePixels() {}

  /** The shape of {@code image}'s pixels. */
  public static ImageShape shapeOf(BufferedImage image) {
    int channels = image.getColorModel().getNumColorComponents() == 1 ? 1 : 3;
    return new ImageShape(channels, image.getHeight(), image.getWidth());
  }

  /** The pixels of {@code image}, of {@link #shapeOf}'s shape. */
  public static float[] of(BufferedImage image) {
    ImageShape shape = shapeOf(image);
    float[] pixels = new float[shape.size()];
    if (shape.channels() == 1) {
      int bits = image.getColorModel().getComponentSize(0);
      float scale = 1f / ((1 << bits) - 1);
      for (int y = 0; y < shape.height(); y++) {
        for (int x = 0; x < shape.width(); x++) {
          pixels[shape.index(0, y, x)] = image.getRaster().getSample(x, y, 0) * scale;
        }
      }
      return pixels;
    }
    for (int y = 0; y < shape.height(); y++) {
      for (int x = 0; x < shape.width(); x++) {
        int rgb = image.getRGB(x, y);
        pixels[shape.index(0, y, x)] = ((rgb >> 16) & 0xff) / 255f;
        pixels[shape.index(1, y, x)] = ((rgb >> 8) & 0xff) / 255f;
        pixels[shape.index(2, y, x)] = (rgb & 0xff) / 255f;
      }
    }
    return pixels;
  }
}
