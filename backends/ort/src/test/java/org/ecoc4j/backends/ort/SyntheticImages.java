package org.ecoc4j.backends.ort;

import java.util.SplittableRandom;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.data.Split;

/**
 * A small learnable image problem: class {@code c} of four has a bright 4x4 square in quadrant
 * {@code c} at a random offset, over uniform noise.
 */
final class SyntheticImages {

  static final ImageShape SHAPE = new ImageShape(1, 16, 16);
  static final int CLASSES = 4;

  private SyntheticImages() {}

  static final ImageShape RGB = new ImageShape(3, 16, 16);

  /** The quadrant problem in three channels: channel {@code k} is the grey image times (k + 1) / 3. */
  static Split colouredQuadrants(int count, long seed) {
    Split grey = quadrants(count, seed);
    float[] images = new float[count * RGB.size()];
    int[] labels = new int[count];
    float[] one = new float[SHAPE.size()];
    for (int i = 0; i < count; i++) {
      grey.copyImage(i, one, 0);
      labels[i] = grey.label(i);
      for (int k = 0; k < 3; k++) {
        for (int p = 0; p < one.length; p++) {
          images[i * RGB.size() + k * one.length + p] = one[p] * (k + 1) / 3f;
        }
      }
    }
    return Split.inMemory("images", RGB, CLASSES, images, labels);
  }

  static Split quadrants(int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int size = SHAPE.size();
    float[] images = new float[count * size];
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      int c = random.nextInt(CLASSES);
      labels[i] = c;
      for (int p = 0; p < size; p++) {
        images[i * size + p] = (float) random.nextDouble(0, 0.5);
      }
      int top = (c / 2) * 8 + random.nextInt(5);
      int left = (c % 2) * 8 + random.nextInt(5);
      for (int y = top; y < top + 4; y++) {
        for (int x = left; x < left + 4; x++) {
          images[i * size + y * 16 + x] += 1f;
        }
      }
    }
    return Split.inMemory("images", SHAPE, CLASSES, images, labels);
  }
}
