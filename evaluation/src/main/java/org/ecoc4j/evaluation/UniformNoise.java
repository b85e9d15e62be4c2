package org.ecoc4j.evaluation;

import java.util.SplittableRandom;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.data.Split;
import org.ecoc4j.api.random.Seeds;

/**
 * White noise, the error-detecting output codes paper's fourth out-of-distribution set: images
 * of independent pixels uniform in [0, 1], each drawn from its own seed ({@link
 * Seeds#forSample}), so image {@code i} is the same whatever else is read. Every image has the
 * pseudo-label 0 of one pseudo-class: noise belongs to no class of a model.
 */
final class UniformNoise implements Split {

  /** The split's name, as reports show it. */
  static final String NAME = "uniform-noise";

  private final ImageShape shape;
  private final int size;
  private final long seed;

  UniformNoise(ImageShape shape, int size, long seed) {
    if (size < 1) {
      throw new IllegalArgumentException("uniform noise needs at least one image, got " + size);
    }
    this.shape = shape;
    this.size = size;
    this.seed = seed;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ImageShape shape() {
    return shape;
  }

  @Override
  public int classes() {
    return 1;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public int label(int index) {
    check(index);
    return 0;
  }

  @Override
  public void copyImage(int index, float[] into, int offset) {
    check(index);
    if (offset < 0 || offset + shape.size() > into.length) {
      throw new IndexOutOfBoundsException("image of " + shape.size() + " floats does not fit "
          + into.length + " at " + offset);
    }
    SplittableRandom random = new SplittableRandom(Seeds.forSample(seed, index));
    for (int i = 0; i < shape.size(); i++) {
      into[offset + i] = (float) random.nextDouble();
    }
  }

  private void check(int index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException("image " + index + " outside " + size + " noise images");
    }
  }
}
