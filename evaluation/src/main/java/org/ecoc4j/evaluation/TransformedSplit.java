package org.ecoc4j.evaluation;

import java.util.ArrayList;
import java.util.List;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.data.Split;

/**
 * A split whose images pass through a chain of {@link ImageTransform}s, one image at a time, as
 * they are read. Safe from several threads, like the split it wraps.
 */
final class TransformedSplit implements Split {

  private final Split source;
  private final List<ImageTransform> transforms;
  private final List<ImageShape> shapes;

  /**
   * Wraps {@code source}.
   *
   * @param shapes the shape before the first transform, then after each one
   */
  TransformedSplit(Split source, List<ImageTransform> transforms, List<ImageShape> shapes) {
    this.source = source;
    this.transforms = List.copyOf(transforms);
    this.shapes = new ArrayList<>(shapes);
  }

  @Override
  public String name() {
    return source.name();
  }

  @Override
  public ImageShape shape() {
    return shapes.get(shapes.size() - 1);
  }

  @Override
  public int classes() {
    return source.classes();
  }

  @Override
  public int size() {
    return source.size();
  }

  @Override
  public int label(int index) {
    return source.label(index);
  }

  @Override
  public void copyImage(int index, float[] into, int offset) {
    float[] image = new float[shapes.get(0).size()];
    source.copyImage(index, image, 0);
    for (int t = 0; t < transforms.size(); t++) {
      float[] next = new float[shapes.get(t + 1).size()];
      transforms.get(t).convert(shapes.get(t), image, 0, shapes.get(t + 1), next, 0);
      image = next;
    }
    if (offset < 0 || offset + image.length > into.length) {
      throw new IndexOutOfBoundsException("image of " + image.length + " floats does not fit "
          + into.length + " at " + offset);
    }
    System.arraycopy(image, 0, into, offset, image.length);
  }
}
