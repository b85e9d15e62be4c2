package org.ecoc4j.datasets.idx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.ecoc4j.api.data.DatasetException;

/**
 * Finds the four standard IDX files of an MNIST-style dataset in a folder: {@code
 * train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte} and
 * {@code t10k-labels-idx1-ubyte}, each plain or with {@code .gz}, also in the variant spelling with
 * a dot ({@code train-images.idx3-ubyte}). A folder that holds more than one of these spellings of
 * one file (a stale plain file beside a freshly fetched {@code .gz}) is refused, naming both,
 * rather than silently reading one of them.
 */
public final class IdxFolder {

  /** Base name of the training images file. */
  public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
  /** Base name of the training labels file. */
  public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
  /** Base name of the test images file. */
  public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
  /** Base name of the test labels file. */
  public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

  private IdxFolder() {}

  /**
   * The file for {@code baseName} (one of the constants) in {@code folder}.
   *
   * @throws DatasetException naming the folder when the folder or the file is missing, or when it
   *     holds the file in two spellings
   */
  public static Path find(Path folder, String baseName) {
    if (!Files.isDirectory(folder)) {
      throw new DatasetException(
          folder.toString(), Files.exists(folder) ? "is not a folder" : "no such folder");
    }
    String dotted = baseName.replaceFirst("-idx", ".idx");
    List<Path> found =
        Stream.of(baseName, baseName + ".gz", dotted, dotted + ".gz")
            .map(folder::resolve)
            .filter(Files::isRegularFile)
            .toList();
    if (found.size() > 1) {
      throw new DatasetException(
          folder.toString(),
          "holds " + found.stream().map(f -> f.getFileName().toString())
              .collect(Collectors.joining(" and ")) + ", which may differ; remove all but the"
              + " one to read");
    }
    if (found.size() == 1) {
      return found.get(0);
    }
    throw new DatasetException(
        folder.toString(),
        "has no " + baseName + " (or " + baseName + ".gz); an IDX dataset folder holds "
            + String.join(", ", TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS)
            + ", plain or gzip-compressed");
  }
}
