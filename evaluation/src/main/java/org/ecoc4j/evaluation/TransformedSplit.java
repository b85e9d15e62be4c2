package org.ecoc4j.evaluation;

import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.data.Split;

/**
 * A split whose images pass through an {@link ImageConversion}, one image at a time, as they are
 * read. Safe from several threads, like the split it wraps.
 */
final class TransformedSplit implements Split {

  private final Split source;
  private final ImageConversion conversion;

  /** Wraps {@code source}, whose images are of {@code conversion}'s source shape. */
  TransformedSplit(Split source, ImageConversion conversion) {
    this.source = source;
    this.conversion = conversion;
  }

  @Override
  public String name() {
    return source.name();
  }

  @Override
  public ImageShape shape() {
    return conversion.target();
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
    float[] image = new float[conversion.from().size()];
    source.copyImage(index, image, 0);
    conversion.convert(image, 0, into, offset);
  }
}
