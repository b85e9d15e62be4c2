package org.ecoc4j.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.stream.LongStream;
import org.ecoc4j.api.data.Batch;
import org.ecoc4j.api.data.ImageShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contrastive pretraining view: with the whole image as the crop and no jitter each image
 * comes back as itself or its mirror, both occurring; a grayscale image is never jittered; with
 * smaller crops and jitter the same seed gives the same batch, another seed another, and every
 * value stays in [0, 1]; bad settings are refused by name.
 */
class ContrastiveViewTest {

  private static Batch batch(ImageShape shape, int size) {
    Batch batch = new Batch(shape, size);
    batch.resize(size);
    float[] images = batch.images();
    for (int i = 0; i < images.length; i++) {
      images[i] = ((i * 7919) % 251 + 1) / 252f;
    }
    return batch;
  }

  static LongStream seeds() {
    return LongStream.range(0, 30);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void theWholeCropGivesTheImageOrItsMirror(long seed) {
    for (ImageShape shape : new ImageShape[] {new ImageShape(3, 6, 6), new ImageShape(1, 5, 5)}) {
      Batch batch = batch(shape, 16);
      float[] clean = batch.images().clone();
      // grayscale images ignore the jitter even when it always applies
      double chance = shape.channels() == 1 ? 1 : 0;
      new ContrastiveView(1, 0.5, chance).apply(batch, seed);
      int mirrored = 0;
      for (int i = 0; i < 16; i++) {
        float[] got = Arrays.copyOfRange(batch.images(), batch.offset(i),
            batch.offset(i) + shape.size());
        float[] original = Arrays.copyOfRange(clean, batch.offset(i),
            batch.offset(i) + shape.size());
        float[] mirror = mirror(original, shape);
        boolean same = Arrays.equals(got, original);
        assertTrue(same || Arrays.equals(got, mirror), "image " + i + " at seed " + seed);
        mirrored += same ? 0 : 1;
      }
      assertTrue(mirrored > 0 && mirrored < 16, "flips happen about half the time: " + mirrored);
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void viewsAreSeededAndStayInRange(long seed) {
    ImageShape shape = new ImageShape(3, 8, 8);
    ContrastiveView view = new ContrastiveView(0.2, 0.4, 0.8);
    Batch first = batch(shape, 4);
    Batch again = batch(shape, 4);
    Batch other = batch(shape, 4);
    view.apply(first, seed);
    view.apply(again, seed);
    view.apply(other, seed + 1);
    assertArrayEquals(first.images(), again.images());
    assertFalse(Arrays.equals(first.images(), other.images()), "two seeds, two views");
    for (float v : first.images()) {
      assertTrue(v >= 0 && v <= 1, "value " + v);
    }
  }

  @Test
  void badSettingsAreRefusedByName() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new ContrastiveView(0, 0, 0))
        .getMessage().contains("min-scale"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new ContrastiveView(1, 1, 0))
        .getMessage().contains("jitter"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new ContrastiveView(1, 0, 2))
        .getMessage().contains("chance"));
  }

  private static float[] mirror(float[] image, ImageShape shape) {
    float[] out = new float[image.length];
    for (int c = 0; c < shape.channels(); c++) {
      for (int y = 0; y < shape.height(); y++) {
        for (int x = 0; x < shape.width(); x++) {
          out[shape.index(c, y, x)] = image[shape.index(c, y, shape.width() - 1 - x)];
        }
      }
    }
    return out;
  }
}
