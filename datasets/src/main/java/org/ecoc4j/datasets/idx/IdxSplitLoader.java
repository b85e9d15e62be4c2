package org.ecoc4j.datasets.idx;

import org.ecoc4j.api.data.DatasetException;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.datasets.ByteImageSplit;

/** Builds a split from an IDX images file and its IDX labels file, validating that they match. */
public final class IdxSplitLoader {

  private IdxSplitLoader() {}

  /**
   * Reads both files and checks shapes, counts and labels.
   *
   * @param splitName {@code train} or {@code test}
   * @param images an IDX file of N x H x W unsigned bytes
   * @param labels an IDX file of N unsigned bytes
   * @param classes the number of classes every label must be below
   * @throws DatasetException naming the file and the problem: corrupt or truncated files, a count
   *     mismatch, an empty split or a label outside the classes
   */
  public static ByteImageSplit load(
      String splitName, IdxSource images, IdxSource labels, int classes) {
    IdxArray pixels = images.read(3);
    int[] dims = pixels.dimensions();
    if (dims[0] == 0 || dims[1] == 0 || dims[2] == 0) {
      throw new DatasetException(images.name(), "holds no images (" + pixels.describe() + ")");
    }
    IdxArray labelArray = labels.read(1);
    if (labelArray.count() != pixels.count()) {
      throw new DatasetException(
          labels.name(),
          "holds " + labelArray.count() + " labels but " + images.name() + " holds "
              + pixels.count() + " images");
    }
    byte[] values = labelArray.values();
    for (int i = 0; i < values.length; i++) {
      int label = values[i] & 0xff;
      if (label >= classes) {
        throw new DatasetException(
            labels.name(),
            "label " + label + " of item " + i + " is outside the " + classes + " classes");
      }
    }
    return new ByteImageSplit(
        splitName, new ImageShape(1, dims[1], dims[2]), classes, pixels.values(), values);
  }
}
