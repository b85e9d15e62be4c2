package org.ecoc4j.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.ecoc4j.api.data.Batch;
import org.ecoc4j.api.data.ImageShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RandomCropFlipTest {

  private static final ImageShape SHAPE = new ImageShape(3, 5, 6);

  private static Batch batch(int size) {
    Batch batch = new Batch(SHAPE, size);
    batch.resize(size);
    float[] images = batch.images();
    for (int i = 0; i < images.length; i++) {
      images[i] = ((i * 7919) % 251 + 1) / 252f;
    }
    return batch;
  }

  /** The image {@code source} cropped at offset (dy, dx) after padding, then maybe mirrored. */
  private static float[] expected(float[] source, int dy, int dx, boolean mirror) {
    float[] out = new float[SHAPE.size()];
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < 5; y++) {
        for (int x = 0; x < 6; x++) {
          int sx = (mirror ? 5 - x : x) + dx;
          int sy = y + dy;
          out[SHAPE.index(c, y, x)] =
              sy >= 0 && sy < 5 && sx >= 0 && sx < 6 ? source[SHAPE.index(c, sy, sx)] : 0f;
        }
      }
    }
    return out;
  }

  /**
   * No padding and the most with the extreme seeds, then 50 cases whose padding is drawn from
   * their seed, which also seeds the augmentation.
   */
  static Stream<Arguments> seedsAndPaddings() {
    Stream<Arguments> edges = Stream.of(
        Arguments.of(0L, 0), Arguments.of(-1L, 3), Arguments.of(Long.MIN_VALUE, 3),
        Arguments.of(Long.MAX_VALUE, 0));
    Stream<Arguments> drawn = LongStream.range(0, 50)
        .mapToObj(seed -> Arguments.of(seed, new SplittableRandom(seed).nextInt(0, 4)));
    return Stream.concat(edges, drawn);
  }

  @ParameterizedTest(name = "seed={0} padding={1}")
  @MethodSource("seedsAndPaddings")
  void everyImageIsSomeCropAndFlipOfItsOriginal(long seed, int padding) {
    Batch original = batch(8);
    Batch augmented = batch(8);
    new RandomCropFlip(padding, true).apply(augmented, seed);
    for (int i = 0; i < 8; i++) {
      float[] source = Arrays.copyOfRange(original.images(), original.offset(i), original.offset(i + 1));
      float[] result = Arrays.copyOfRange(augmented.images(), augmented.offset(i), augmented.offset(i + 1));
      boolean found = false;
      for (int dy = -padding; dy <= padding && !found; dy++) {
        for (int dx = -padding; dx <= padding && !found; dx++) {
          found = Arrays.equals(result, expected(source, dy, dx, false))
              || Arrays.equals(result, expected(source, dy, dx, true));
        }
      }
      assertTrue(found, "image " + i + " is no crop or flip of its original");
    }
  }

  @Test
  void theSameSeedGivesTheSameBatchAndAnotherSeedAnother() {
    Batch a = batch(16);
    Batch b = batch(16);
    Batch c = batch(16);
    RandomCropFlip augmentation = new RandomCropFlip(2, true);
    augmentation.apply(a, 42);
    augmentation.apply(b, 42);
    augmentation.apply(c, 43);
    assertArrayEquals(a.images(), b.images());
    assertFalse(Arrays.equals(a.images(), c.images()));
  }

  @Test
  void noPaddingAndNoFlipLeavesImagesAlone() {
    Batch batch = batch(4);
    float[] before = batch.images().clone();
    new RandomCropFlip(0, false).apply(batch, 7);
    assertArrayEquals(before, batch.images());
    assertEquals("random crop (padding 4) and horizontal flip", new RandomCropFlip(4, true).toString());
  }
}
