package org.ecoc4j.datasets.cifar;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes small CIFAR-10 binary files for tests. */
final class CifarFiles {

  private CifarFiles() {}

  /**
   * Record r of file f has label (f + r) % 10; its red plane holds f, green r, blue the pixel's
   * column.
   */
  static byte[] records(int file, int count) {
    byte[] bytes = new byte[count * CifarBinaryFolder.RECORD];
    for (int r = 0; r < count; r++) {
      int start = r * CifarBinaryFolder.RECORD;
      bytes[start] = (byte) ((file + r) % 10);
      for (int p = 0; p < 1024; p++) {
        bytes[start + 1 + p] = (byte) file;
        bytes[start + 1 + 1024 + p] = (byte) r;
        bytes[start + 1 + 2048 + p] = (byte) (p % 32);
      }
    }
    return bytes;
  }

  /** Five training files of {@code perFile} records and a test file of {@code test} records. */
  static void writeFolder(Path folder, int perFile, int test) throws IOException {
    Files.createDirectories(folder);
    for (int f = 1; f <= CifarBinaryFolder.TRAIN_FILES; f++) {
      Files.write(folder.resolve("data_batch_" + f + ".bin"), records(f, perFile));
    }
    Files.write(folder.resolve(CifarBinaryFolder.TEST_FILE), records(0, test));
  }
}
