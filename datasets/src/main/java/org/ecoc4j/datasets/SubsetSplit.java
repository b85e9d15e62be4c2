package org.ecoc4j.datasets;

import java.util.Objects;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.data.Split;

/** A view of chosen images of another split, in the order of the given indices. */
public final class SubsetSplit implements Split {

  private final Split base;
  private final int[] indices;
  private final String name;

  /**
   * Creates the view.
   *
   * @param base the split to take images from
   * @param indices positions in {@code base}, each in range
   * @param name the view's name
   * @throws IndexOutOfBoundsException if an index is outside {@code base}
   */
  public SubsetSplit(Split base, int[] indices, String name) {
    this.base = Objects.requireNonNull(base, "base");
    this.name = Objects.requireNonNull(name, "name");
    this.indices = indices.clone();
    for (int index : this.indices) {
      Objects.checkIndex(index, base.size());
    }
  }

  /** The position in the base split of this view's image {@code index}. */
  public int baseIndex(int index) {
    return indices[index];
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public ImageShape shape() {
    return base.shape();
  }

  @Override
  public int classes() {
    return base.classes();
  }

  @Override
  public int size() {
    return indices.length;
  }

  @Override
  public int label(int index) {
    return base.label(indices[index]);
  }

  @Override
  public void copyImage(int index, float[] into, int offset) {
    base.copyImage(indices[index], into, offset);
  }
}
