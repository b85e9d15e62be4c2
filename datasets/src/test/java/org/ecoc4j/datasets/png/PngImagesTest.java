package org.ecoc4j.datasets.png;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.ecoc4j.api.data.Dataset;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.datasets.FashionMnistProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PngImagesTest {

  @TempDir Path dir;

  @Test
  void writesColourImagesSideBySideWithAGap() throws IOException {
    ImageShape shape = new ImageShape(3, 2, 2);
    float[] red = {1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0};
    float[] clipped = {2, 2, 2, 2, -1, -1, -1, -1, 0.5f, 0.5f, 0.5f, 0.5f};
    Path file = dir.resolve("pair.png");
    PngImages.writeGrid(List.of(red, clipped), shape, 2, 3, file);
    BufferedImage image = ImageIO.read(file.toFile());
    assertEquals(2 * 6 + 3, image.getWidth());
    assertEquals(6, image.getHeight());
    assertEquals(0xff0000, image.getRGB(5, 5) & 0xffffff);
    assertEquals(0xffffff, image.getRGB(7, 0) & 0xffffff);
    assertEquals(0xff0080, image.getRGB(9, 1) & 0xffffff);
  }

  @Test
  void writesABundledImageAsGrey() throws IOException {
    Dataset dataset = new FashionMnistProvider().open(Map.of());
    Path file = dir.resolve("sub/dir/image.png");
    PngImages.write(dataset.test(), 5, 2, file);
    BufferedImage image = ImageIO.read(file.toFile());
    assertEquals(56, image.getWidth());
    float[] pixels = new float[784];
    dataset.test().copyImage(5, pixels, 0);
    int grey = Math.round(pixels[14 * 28 + 14] * 255);
    assertEquals((grey << 16) | (grey << 8) | grey, image.getRGB(29, 28) & 0xffffff);
    assertThrows(
        IndexOutOfBoundsException.class, () -> PngImages.write(dataset.test(), 1000, 1, file));
  }

  @Test
  void aFolderWhereTheFileShouldBeIsAnExceptionNamingItWithNothingPrinted() throws IOException {
    ImageShape grey = new ImageShape(1, 1, 2);
    PrintStream original = System.err;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    IOException error;
    System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      error = assertThrows(
          IOException.class, () -> PngImages.writeGrid(List.of(new float[2]), grey, 1, 1, dir));
    } finally {
      System.setErr(original);
    }
    assertTrue(error.getMessage().contains(dir.toString()), error::getMessage);
    assertEquals("", printed.toString(StandardCharsets.UTF_8));
  }

  @Test
  void refusesNanWrongLengthsAndOtherChannelCounts() {
    ImageShape grey = new ImageShape(1, 1, 2);
    assertThrows(
        IllegalArgumentException.class,
        () -> PngImages.render(List.of(new float[] {0, Float.NaN}), grey, 1, 1));
    assertThrows(
        IllegalArgumentException.class, () -> PngImages.render(List.of(new float[3]), grey, 1, 1));
    assertThrows(
        IllegalArgumentException.class,
        () -> PngImages.render(List.of(new float[4]), new ImageShape(2, 1, 2), 1, 1));
    assertThrows(IllegalArgumentException.class, () -> PngImages.render(List.of(), grey, 1, 1));
  }
}
