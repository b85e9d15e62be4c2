package org.ecoc4j.datasets.npm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.ecoc4j.api.data.DatasetException;

/**
 * Reads the entries of a tar archive (the POSIX ustar format npm writes, with pax and GNU long
 * names), handing each regular file's content to a handler as a stream bounded to the entry.
 *
 * <p>Header checksums are verified and sizes checked, so a corrupt or truncated archive fails with
 * a {@link DatasetException} that names the archive.
 */
public final class TarReader {

  private static final int BLOCK = 512;

  /** Receives each regular file of the archive. */
  @FunctionalInterface
  public interface EntryHandler {
    /**
     * Handles one file; may read any part of {@code content}, which ends at the entry's end.
     *
     * @throws IOException if reading fails
     */
    void entry(String name, long size, InputStream content) throws IOException;
  }

  private TarReader() {}

  /**
   * Reads every entry of the uncompressed tar stream {@code in}.
   *
   * @param source the archive's name for error messages
   * @throws DatasetException for corrupt headers or a truncated archive
   * @throws IOException if reading fails or the handler fails
   */
  public static void read(InputStream in, String source, EntryHandler handler) throws IOException {
    byte[] header = new byte[BLOCK];
    long offset = 0;
    String longName = null;
    while (true) {
      int read = in.readNBytes(header, 0, BLOCK);
      if (read == 0) {
        throw new DatasetException(source, "truncated tar archive: no end-of-archive marker");
      }
      if (read < BLOCK) {
        throw new DatasetException(source, "truncated tar archive: header at byte " + offset);
      }
      if (allZero(header)) {
        return;
      }
      verifyChecksum(header, source, offset);
      long size = octal(header, 124, 12, source, offset);
      char type = (char) header[156];
      String name = longName != null ? longName : name(header);
      longName = null;
      offset += BLOCK;
      BoundedStream content = new BoundedStream(in, size);
      if (type == '0' || type == '\0' || type == '7') {
        handler.entry(name, size, content);
      } else if (type == 'x' || type == 'L') {
        String text = new String(content.readAllBytes(), StandardCharsets.UTF_8);
        longName = type == 'L' ? text.replace("\0", "") : paxPath(text);
      }
      content.skipRest(source);
      long padding = (BLOCK - size % BLOCK) % BLOCK;
      if (!BoundedStream.skipFully(in, padding)) {
        throw new DatasetException(source, "truncated tar archive: inside entry " + name);
      }
      offset += size + padding;
    }
  }

  private static boolean allZero(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  private static void verifyChecksum(byte[] header, String source, long offset) {
    long expected = octal(header, 148, 8, source, offset);
    long sum = 0;
    for (int i = 0; i < BLOCK; i++) {
      sum += (i >= 148 && i < 156) ? ' ' : (header[i] & 0xff);
    }
    if (sum != expected) {
      throw new DatasetException(
          source, "corrupt tar archive: header checksum mismatch at byte " + offset);
    }
  }

  private static long octal(byte[] header, int start, int length, String source, long offset) {
    long value = 0;
    boolean digits = false;
    for (int i = start; i < start + length; i++) {
      int b = header[i];
      if (b == 0 || b == ' ') {
        if (digits) {
          break;
        }
        continue;
      }
      if (b < '0' || b > '7' || value > (Long.MAX_VALUE >> 3)) {
        throw new DatasetException(
            source, "corrupt tar archive: bad number in the header at byte " + offset);
      }
      value = value * 8 + (b - '0');
      digits = true;
    }
    return value;
  }

  private static String name(byte[] header) {
    String name = field(header, 0, 100);
    boolean ustar = new String(header, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
    String prefix = ustar ? field(header, 345, 155) : "";
    return prefix.isEmpty() ? name : prefix + "/" + name;
  }

  private static String field(byte[] header, int start, int length) {
    int end = start;
    while (end < start + length && header[end] != 0) {
      end++;
    }
    return new String(header, start, end - start, StandardCharsets.UTF_8);
  }

  private static String paxPath(String records) {
    for (String record : records.split("\n")) {
      int space = record.indexOf(' ');
      if (space > 0 && record.startsWith("path=", space + 1)) {
        return record.substring(space + 1 + "path=".length());
      }
    }
    return null;
  }
}
