package org.ecoc4j.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.ecoc4j.api.data.ImageShape;

/**
 * The conversion of images of one shape to a network's input shape by transforms the caller
 * names, checked once: ecoc4j never converts a shape silently. Immutable and thread-safe.
 */
public final class ImageConversion {

  private final List<ImageTransform> transforms;
  private final List<ImageShape> shapes;

  private ImageConversion(List<ImageTransform> transforms, List<ImageShape> shapes) {
    this.transforms = List.copyOf(transforms);
    this.shapes = List.copyOf(shapes);
  }

  /**
   * The conversion of images of shape {@code from} to {@code target} by {@code transforms}, in
   * order.
   *
   * @param what the images, for the message (for example {@code images of 'mnist test'})
   * @throws IllegalArgumentException when the images are not {@code target} after the transforms
   *     (with none: when their shape differs), naming both shapes and the transforms applied, or
   *     when a transform does not apply to the shape it gets
   */
  public static ImageConversion of(
      ImageShape from, ImageShape target, List<ImageTransform> transforms, String what) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(target, "target");
    List<ImageShape> shapes = new ArrayList<>(List.of(from));
    for (ImageTransform t : transforms) {
      shapes.add(t.apply(shapes.get(shapes.size() - 1), target));
    }
    ImageShape result = shapes.get(shapes.size() - 1);
    if (!result.equals(target)) {
      String how = transforms.isEmpty() ? "" : " (" + result + " after "
          + String.join(", ", transforms.stream().map(ImageTransform::label).toList()) + ")";
      throw new IllegalArgumentException(what + " are " + from + how + ", the network takes "
          + target + "; name the transforms that convert them (resize, replicate, grayscale)");
    }
    return new ImageConversion(transforms, shapes);
  }

  /** The shape of the images converted. */
  public ImageShape from() {
    return shapes.get(0);
  }

  /** The shape they are converted to. */
  public ImageShape target() {
    return shapes.get(shapes.size() - 1);
  }

  /** The transforms, in order; empty when the shapes agree. */
  public List<ImageTransform> transforms() {
    return transforms;
  }

  /**
   * Converts one image of {@link #from()} read at {@code offset} into {@code into} at {@code
   * intoOffset}.
   *
   * @throws IndexOutOfBoundsException when either image does not fit its array
   */
  public void convert(float[] image, int offset, float[] into, int intoOffset) {
    if (offset < 0 || offset + from().size() > image.length) {
      throw new IndexOutOfBoundsException("image of " + from().size() + " floats does not fit "
          + image.length + " at " + offset);
    }
    if (intoOffset < 0 || intoOffset + target().size() > into.length) {
      throw new IndexOutOfBoundsException("image of " + target().size() + " floats does not fit "
          + into.length + " at " + intoOffset);
    }
    float[] current = image;
    int at = offset;
    for (int t = 0; t < transforms.size(); t++) {
      float[] next = new float[shapes.get(t + 1).size()];
      transforms.get(t).convert(shapes.get(t), current, at, shapes.get(t + 1), next, 0);
      current = next;
      at = 0;
    }
    System.arraycopy(current, at, into, intoOffset, target().size());
  }
}
