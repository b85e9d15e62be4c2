package org.ecoc4j.backends.ort;

import java.util.Map;
import org.ecoc4j.api.data.Dataset;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.data.Split;
import org.ecoc4j.datasets.FashionMnistProvider;

/** Real images for tests of the networks that need at least 23x23: bundled Fashion-MNIST. */
final class FashionSamples {

  private FashionSamples() {}

  /** The first {@code count} training images of the bundled Fashion-MNIST sample, in memory. */
  static Split first(int count) {
    Dataset data = new FashionMnistProvider().open(Map.of());
    Split train = data.train();
    ImageShape shape = data.shape();
    float[] images = new float[count * shape.size()];
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      train.copyImage(i, images, i * shape.size());
      labels[i] = train.label(i);
    }
    return Split.inMemory("fashion-subset", shape, data.classes(), images, labels);
  }
}
