package org.ecoc4j.datasets.idx;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Writes IDX files of unsigned bytes, gzip-compressed when the file name ends in {@code .gz}.
 *
 * <p>The output is byte-for-byte reproducible: the JDK's gzip header carries no time stamp.
 */
public final class IdxWriter {

  private IdxWriter() {}

  /**
   * Writes {@code array} to {@code file}, replacing it.
   *
   * @throws IOException if the file cannot be written
   */
  public static void write(Path file, IdxArray array) throws IOException {
    boolean gzip = file.getFileName().toString().endsWith(".gz");
    try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        OutputStream out = gzip ? new GZIPOutputStream(raw, 1 << 16) : raw) {
      write(out, array);
    }
  }

  /**
   * Writes {@code array} in IDX format to {@code out}, leaving it open.
   *
   * @throws IOException if writing fails
   */
  public static void write(OutputStream out, IdxArray array) throws IOException {
    DataOutputStream data = new DataOutputStream(out);
    int[] dimensions = array.dimensions();
    data.writeInt((0x08 << 8) | dimensions.length);
    for (int d : dimensions) {
      data.writeInt(d);
    }
    data.write(array.values());
    data.flush();
  }
}
