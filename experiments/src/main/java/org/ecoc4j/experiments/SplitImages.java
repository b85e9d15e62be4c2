package org.ecoc4j.experiments;

import org.ecoc4j.api.backend.ImageShape;
import org.ecoc4j.api.backend.LabeledImages;
import org.ecoc4j.api.data.Split;

/** A dataset split seen as the labelled images a backend trains on. */
final class SplitImages implements LabeledImages {

  private final Split split;
  private final ImageShape shape;

  SplitImages(Split split) {
    this.split = split;
    this.shape = shapeOf(split);
  }

  /** The backend's image shape of a split. */
  static ImageShape shapeOf(Split split) {
    return new ImageShape(
        split.shape().channels(), split.shape().height(), split.shape().width());
  }

  @Override
  public int size() {
    return split.size();
  }

  @Override
  public ImageShape shape() {
    return shape;
  }

  @Override
  public int classes() {
    return split.classes();
  }

  @Override
  public void copyImage(int index, float[] into, int offset) {
    split.copyImage(index, into, offset);
  }

  @Override
  public int label(int index) {
    return split.label(index);
  }
}
