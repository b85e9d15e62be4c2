package org.ecoc4j.datasets.cifar;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ecoc4j.api.data.DatasetException;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.datasets.ByteImageSplit;

/**
 * Reads the CIFAR-10 binary version: {@code data_batch_1.bin} .. {@code data_batch_5.bin} and
 * {@code test_batch.bin}, in a folder or its {@code cifar-10-batches-bin} subfolder.
 *
 * <p>Each record is one label byte followed by 3 x 32 x 32 pixel bytes (the red, green and blue
 * planes, rows top to bottom), which is already the C x H x W layout. Records are copied into one
 * byte array per split, so reading all of CIFAR-10 needs its raw size in memory (about 180 MB),
 * and batches are converted to floats on demand. Every file must hold a whole, non-zero number of
 * records with labels below 10, and all five training batches must be present: a partial dataset
 * is an error, never a silent result.
 */
public final class CifarBinaryFolder {

  /** The shape of a CIFAR-10 image. */
  public static final ImageShape SHAPE = new ImageShape(3, 32, 32);

  /** Bytes per record: one label and the pixels. */
  public static final int RECORD = 1 + 3 * 32 * 32;

  /** Number of training batch files. */
  public static final int TRAIN_FILES = 5;

  /** Name of the test batch file. */
  public static final String TEST_FILE = "test_batch.bin";

  private static final int CLASSES = 10;

  private CifarBinaryFolder() {}

  /** The folder that holds the batch files: {@code folder} or its {@code cifar-10-batches-bin}. */
  public static Path locate(Path folder) {
    if (!Files.isDirectory(folder)) {
      throw new DatasetException(
          folder.toString(), Files.exists(folder) ? "is not a folder" : "no such folder");
    }
    Path nested = folder.resolve("cifar-10-batches-bin");
    if (!Files.isRegularFile(folder.resolve(TEST_FILE)) && Files.isDirectory(nested)) {
      return nested;
    }
    return folder;
  }

  /** The training split from the five {@code data_batch_N.bin} files. */
  public static ByteImageSplit train(Path folder) {
    Path located = locate(folder);
    List<Path> files = new ArrayList<>();
    for (int i = 1; i <= TRAIN_FILES; i++) {
      files.add(located.resolve("data_batch_" + i + ".bin"));
    }
    return read("train", files);
  }

  /** The test split from {@code test_batch.bin}. */
  public static ByteImageSplit test(Path folder) {
    return read("test", List.of(locate(folder).resolve(TEST_FILE)));
  }

  /**
   * Reads the records of {@code files}, in order, into one split.
   *
   * @throws DatasetException naming the file and the problem
   */
  public static ByteImageSplit read(String splitName, List<Path> files) {
    long total = 0;
    int[] counts = new int[files.size()];
    for (int f = 0; f < files.size(); f++) {
      counts[f] = recordCount(files.get(f));
      total += counts[f];
    }
    if (total * (RECORD - 1) > Integer.MAX_VALUE - 8) {
      throw new DatasetException(
          files.get(0).getParent() + "", "holds " + total + " records, too many for one split");
    }
    byte[] pixels = new byte[(int) total * (RECORD - 1)];
    byte[] labels = new byte[(int) total];
    int record = 0;
    for (int f = 0; f < files.size(); f++) {
      readRecords(files.get(f), counts[f], record, pixels, labels);
      record += counts[f];
    }
    return new ByteImageSplit(splitName, SHAPE, CLASSES, pixels, labels);
  }

  private static int recordCount(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new DatasetException(
          file.toString(),
          "file not found; a CIFAR-10 folder holds data_batch_1.bin .. data_batch_5.bin and "
              + TEST_FILE);
    }
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      throw new DatasetException(file.toString(), "cannot read: " + e.getMessage(), e);
    }
    if (size == 0) {
      throw new DatasetException(file.toString(), "is empty");
    }
    if (size % RECORD != 0) {
      throw new DatasetException(
          file.toString(),
          "truncated or corrupt: " + size + " bytes is not a whole number of " + RECORD
              + "-byte records (" + size / RECORD + " records and " + size % RECORD
              + " bytes left over)");
    }
    if (size / RECORD > Integer.MAX_VALUE) {
      throw new DatasetException(file.toString(), "holds too many records");
    }
    return (int) (size / RECORD);
  }

  private static void readRecords(
      Path file, int count, int firstRecord, byte[] pixels, byte[] labels) {
    int imageBytes = RECORD - 1;
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      for (int r = 0; r < count; r++) {
        int label = in.read();
        int read = label < 0 ? 0 : in.readNBytes(pixels, (firstRecord + r) * imageBytes, imageBytes);
        if (label < 0 || read < imageBytes) {
          throw new DatasetException(
              file.toString(), "truncated while reading record " + r + " of " + count);
        }
        if (label >= CLASSES) {
          throw new DatasetException(
              file.toString(),
              "record " + r + " has label " + label + ", outside the " + CLASSES + " classes");
        }
        labels[firstRecord + r] = (byte) label;
      }
    } catch (IOException e) {
      throw new DatasetException(file.toString(), "cannot read: " + e.getMessage(), e);
    }
  }
}
