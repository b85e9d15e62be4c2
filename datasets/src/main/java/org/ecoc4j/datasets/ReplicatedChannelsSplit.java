package org.ecoc4j.datasets;

import java.util.Objects;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.data.Split;

/**
 * A grey-scale split shown with its one channel copied into three identical channels, the input
 * form of a colour network (the contrastive ECOC paper feeds Fashion-MNIST to its ResNet so).
 * Pixels, labels and order are the grey split's.
 */
public final class ReplicatedChannelsSplit implements Split {

  private final Split grey;
  private final ImageShape shape;

  /**
   * Creates the view.
   *
   * @param grey a split of one-channel images
   * @throws IllegalArgumentException when {@code grey}'s images have more than one channel
   */
  public ReplicatedChannelsSplit(Split grey) {
    this.grey = Objects.requireNonNull(grey, "grey");
    ImageShape g = grey.shape();
    if (g.channels() != 1) {
      throw new IllegalArgumentException(
          "only one-channel images can be replicated to three channels; split '" + grey.name()
              + "' has " + g);
    }
    this.shape = new ImageShape(3, g.height(), g.width());
  }

  @Override
  public String name() {
    return grey.name();
  }

  @Override
  public ImageShape shape() {
    return shape;
  }

  @Override
  public int classes() {
    return grey.classes();
  }

  @Override
  public int size() {
    return grey.size();
  }

  @Override
  public int label(int index) {
    return grey.label(index);
  }

  @Override
  public void copyImage(int index, float[] into, int offset) {
    int plane = shape.height() * shape.width();
    grey.copyImage(index, into, offset);
    System.arraycopy(into, offset, into, offset + plane, plane);
    System.arraycopy(into, offset, into, offset + 2 * plane, plane);
  }
}
